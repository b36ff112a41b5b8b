import {
  Box,
  Checkbox,
  FormControlLabel,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { parseEntityRef } from '@backstage/catalog-model';
import { FleetOverview, OverviewQuery } from '@internal/plugin-fleet-common';

const statuses = ['critical', 'warning', 'unknown', 'ok'] as const;

/** One filter: "All" or one of its values, by its label. */
const Choice = (props: {
  label: string;
  name: string;
  value?: string;
  options: Array<{ value: string; label: string }>;
  onChange(value?: string): void;
}) => (
  <TextField
    select
    size="small"
    variant="outlined"
    label={props.label}
    value={props.value ?? ''}
    onChange={event => props.onChange(event.target.value || undefined)}
    SelectProps={{ displayEmpty: true }}
    InputLabelProps={{ shrink: true }}
    inputProps={{ 'data-testid': `filter-${props.name}` }}
    style={{ minWidth: 150 }}
  >
    <MenuItem value="">All</MenuItem>
    {props.options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

/**
 * The overview's filters, applied by the backend: team, status, provider,
 * ring and "only problems". What each can take comes from the answer's
 * facets, so no choice leads to an empty page by construction.
 */
export const OverviewFilters = (props: {
  query: OverviewQuery;
  facets?: FleetOverview['facets'];
  onChange(query: OverviewQuery): void;
}) => {
  const { query, facets, onChange } = props;
  const set = (change: Partial<OverviewQuery>) =>
    onChange({ ...query, ...change, offset: 0 });
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      mb={2}
    >
      <Choice
        label="Team"
        name="team"
        value={query.team}
        options={(facets?.teams ?? []).map(team => ({
          value: team,
          label: parseEntityRef(team).name,
        }))}
        onChange={team => set({ team })}
      />
      <Choice
        label="Status"
        name="status"
        value={query.status}
        options={statuses.map(status => ({ value: status, label: status }))}
        onChange={status => set({ status: status as OverviewQuery['status'] })}
      />
      <Choice
        label="Provider"
        name="provider"
        value={query.provider}
        options={(facets?.providers ?? []).map(provider => ({
          value: provider,
          label: provider,
        }))}
        onChange={provider =>
          set({ provider: provider as OverviewQuery['provider'] })
        }
      />
      <Choice
        label="Ring"
        name="ring"
        value={query.ring}
        options={(facets?.rings ?? []).map(ring => ({
          value: ring,
          label: ring,
        }))}
        onChange={ring => set({ ring })}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={Boolean(query.problems)}
            onChange={event =>
              set({ problems: event.target.checked || undefined })
            }
            inputProps={
              { 'data-testid': 'filter-problems' } as Record<string, string>
            }
          />
        }
        label="Only problems"
      />
    </Box>
  );
};
