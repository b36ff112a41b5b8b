import { TextField } from '@material-ui/core';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { serviceInputProblems } from '@internal/plugin-platform-common';
import { readTakenNames, useCatalogFacts } from './useCatalogFacts';

/** The product's name from the product picker's entity ref (`system:default/x`). */
const productOf = (formData: unknown) =>
  String((formData as { product?: string })?.product ?? '')
    .split('/')
    .pop() ?? '';

/** Why `<product>-<service>` cannot be the new service, or undefined. */
function serviceProblem(product: string, service: string, taken: string[]) {
  return serviceInputProblems(
    { product: product || 'product', service },
    { taken },
  ).find(problem => problem.field === 'service')?.message;
}

/**
 * A new service's name, checked as it is typed with the backend's rules
 * (DNS label, `<product>-<service>` at most 50 characters and not already
 * in the catalog), and again when the step is submitted.
 */
function ServiceNameInput(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const { taken } = useCatalogFacts();
  const product = productOf(
    (props.formContext as { formData?: unknown })?.formData,
  );
  const live = formData
    ? serviceProblem(
        product,
        formData,
        taken.map(entry => entry.name),
      )
    : undefined;
  const error = live ?? rawErrors?.[0];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Service name'}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      error={Boolean(error)}
      helperText={
        error ??
        (product && formData
          ? `The service will be ${product}-${formData}.`
          : schema.description)
      }
      margin="normal"
      fullWidth
      inputProps={{ 'data-testid': 'trinity-service-name' }}
    />
  );
}

export const serviceNameField = createFormField({
  name: 'TrinityServiceName',
  component: ServiceNameInput,
  validation: async (value, validation, { apiHolder, formData }) => {
    const taken = await readTakenNames(apiHolder.get(catalogApiRef));
    const problem = serviceProblem(
      productOf(formData),
      String(value ?? ''),
      taken.map(entry => entry.name),
    );
    if (problem) validation.addError(problem);
  },
});
