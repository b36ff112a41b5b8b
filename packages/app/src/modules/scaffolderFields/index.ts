import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

// Fields of Trinity's Create Component templates (templates/*/template.yaml).
const productName = FormFieldBlueprint.make({
  name: 'trinity-product-name',
  params: {
    field: () => import('./ProductNameField').then(m => m.productNameField),
  },
});

const clusterPicker = FormFieldBlueprint.make({
  name: 'trinity-cluster-picker',
  params: {
    field: () => import('./ClusterPickerField').then(m => m.clusterPickerField),
  },
});

const hostname = FormFieldBlueprint.make({
  name: 'trinity-hostname',
  params: {
    field: () => import('./HostnameField').then(m => m.hostnameField),
  },
});

const serviceName = FormFieldBlueprint.make({
  name: 'trinity-service-name',
  params: {
    field: () => import('./ServiceNameField').then(m => m.serviceNameField),
  },
});

export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [productName, serviceName, clusterPicker, hostname],
});
