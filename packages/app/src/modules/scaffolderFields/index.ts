import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

// Fields of Trinity's Create Component templates (templates/*/template.yaml).
const productName = FormFieldBlueprint.make({
  name: 'trinity-product-name',
  params: {
    field: () =>
      import('./ProductNameField').then(
        fieldModule => fieldModule.productNameField,
      ),
  },
});

const clusterPicker = FormFieldBlueprint.make({
  name: 'trinity-cluster-picker',
  params: {
    field: () =>
      import('./ClusterPickerField').then(
        fieldModule => fieldModule.clusterPickerField,
      ),
  },
});

const hostname = FormFieldBlueprint.make({
  name: 'trinity-hostname',
  params: {
    field: () =>
      import('./HostnameField').then(fieldModule => fieldModule.hostnameField),
  },
});

const serviceName = FormFieldBlueprint.make({
  name: 'trinity-service-name',
  params: {
    field: () =>
      import('./ServiceNameField').then(
        fieldModule => fieldModule.serviceNameField,
      ),
  },
});

export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [productName, serviceName, clusterPicker, hostname],
});
