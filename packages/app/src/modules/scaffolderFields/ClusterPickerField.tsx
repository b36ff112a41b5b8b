import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
} from '@material-ui/core';
import { useEffect, useRef } from 'react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useCatalogFacts } from './useCatalogFacts';

/**
 * The clusters a product runs on, from the cluster registry in the catalog;
 * all of them unless the user unticks some.
 */
function ClusterPicker(props: FieldExtensionComponentProps<string[]>) {
  const { formData, onChange, rawErrors, schema } = props;
  const { clusters, loading, error } = useCatalogFacts();
  // The form may prefill empty entries; only names count.
  const selected = (formData ?? []).filter(
    clusterName => typeof clusterName === 'string' && clusterName,
  );
  // Every registered cluster until the user chooses (the form may reset the
  // value after mounting, so this holds until the first click).
  const touched = useRef(false);
  useEffect(() => {
    if (!touched.current && clusters.length && selected.length === 0) {
      onChange(clusters.map(cluster => cluster.name));
    }
  }, [clusters, selected.length, onChange]);
  const toggle = (name: string) => {
    touched.current = true;
    onChange(
      selected.includes(name)
        ? selected.filter(clusterName => clusterName !== name)
        : [...selected, name],
    );
  };
  const problem = error
    ? `cannot read the cluster registry: ${error.message}`
    : rawErrors?.[0] ??
      (!loading && selected.length === 0
        ? 'choose at least one cluster'
        : undefined);
  return (
    <FormControl margin="normal" error={Boolean(problem)} component="fieldset">
      <FormLabel component="legend">{schema.title ?? 'Clusters'}</FormLabel>
      <FormGroup>
        {clusters.map(cluster => (
          <FormControlLabel
            key={cluster.name}
            control={
              <Checkbox
                checked={selected.includes(cluster.name)}
                onChange={() => toggle(cluster.name)}
                name={cluster.name}
              />
            }
            label={`${cluster.title} (${cluster.provider})`}
          />
        ))}
      </FormGroup>
      <FormHelperText>
        {problem ??
          'From the cluster registry; the product gets a tenant on each.'}
      </FormHelperText>
    </FormControl>
  );
}

export const clusterPickerField = createFormField({
  name: 'TrinityClusterPicker',
  component: ClusterPicker,
  validation: (value, validation) => {
    if (!Array.isArray(value) || value.length === 0)
      validation.addError('choose at least one cluster');
  },
});
