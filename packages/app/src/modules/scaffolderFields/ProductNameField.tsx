import { TextField } from '@material-ui/core';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { nameProblem } from '@internal/plugin-platform-common';
import { readTakenNames, takenNames, useCatalogFacts } from './useCatalogFacts';

/**
 * The product name, checked as it is typed with the same rules the backend
 * applies (DNS label, not reserved, not already in the catalog), and again
 * when the step is submitted.
 */
function ProductNameInput(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const { taken } = useCatalogFacts();
  const team = (props.formContext as { formData?: { team?: string } })?.formData
    ?.team;
  const live = formData
    ? nameProblem(formData, takenNames(taken, team, formData))
    : undefined;
  const error = live ?? rawErrors?.[0];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      error={Boolean(error)}
      helperText={error ?? schema.description}
      margin="normal"
      fullWidth
      inputProps={{ 'data-testid': 'trinity-product-name' }}
    />
  );
}

export const productNameField = createFormField({
  name: 'TrinityProductName',
  component: ProductNameInput,
  validation: async (value, validation, { apiHolder, formData }) => {
    const name = String(value ?? '');
    const taken = await readTakenNames(apiHolder.get(catalogApiRef));
    const team = (formData as { team?: string })?.team;
    const problem = nameProblem(name, takenNames(taken, team, name));
    if (problem) validation.addError(problem);
  },
});
