import { TextField } from '@material-ui/core';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { hostnameProblem } from '@internal/plugin-platform-common';

type ZonesConfig = {
  getOptionalConfigArray(
    key: string,
  ): Array<{ getString(k: string): string }> | undefined;
};

const zonesOf = (config: ZonesConfig | undefined) =>
  (config?.getOptionalConfigArray('trinity.publicZones') ?? []).map(zone =>
    zone.getString('name'),
  );

/**
 * A public hostname, checked as it is typed against the zones app-config
 * allows (`trinity.publicZones`), with the rule the backend applies again.
 */
function HostnameInput(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = props;
  const zones = zonesOf(useApi(configApiRef));
  const live = formData ? hostnameProblem(formData, zones) : undefined;
  const error = live ?? rawErrors?.[0];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Public hostname'}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim().toLowerCase())}
      error={Boolean(error)}
      helperText={
        error ??
        `Inside ${zones.map(zone => `*.${zone}`).join(' or ')}, e.g. shop.${
          zones[0] ?? 'example'
        }`
      }
      margin="normal"
      fullWidth
      inputProps={{ 'data-testid': 'trinity-hostname' }}
    />
  );
}

export const hostnameField = createFormField({
  name: 'TrinityHostname',
  component: HostnameInput,
  validation: (value, validation, { apiHolder }) => {
    const problem = hostnameProblem(
      String(value ?? ''),
      zonesOf(apiHolder.get(configApiRef)),
    );
    if (problem) validation.addError(problem);
  },
});
