import { Typography } from '@material-ui/core';
import { SloCellData } from '@internal/plugin-fleet-common';
import { PerClusterCard } from './PerClusterCard';

const rate = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : `${value.toFixed(value < 10 ? 1 : 0)}×`;

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;

/**
 * Each SLO of the entity's services on this cluster, stacked: its name and
 * objective, then its burn rates and budget beneath. Stacked, not in
 * columns, so that the card shows everything at any width (side by side
 * with another card it is ~700 px wide; five columns did not fit).
 */
const SloLines = ({ data }: { data: SloCellData }) => (
  <>
    {data.services.flatMap(reading =>
      reading.slos.map(({ slo, objective, evaluation }) => (
        <div key={`${reading.service}/${slo}`} style={{ marginBottom: 4 }}>
          <Typography variant="body2">
            {reading.service} · {slo}
            {objective === undefined ? '' : ` ${(objective * 100).toFixed(2)}%`}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            burn 1h/6h {rate(evaluation.burnRates['1h'])} /{' '}
            {rate(evaluation.burnRates['6h'])} · 1d/3d{' '}
            {rate(evaluation.burnRates['1d'])} /{' '}
            {rate(evaluation.burnRates['3d'])} · budget left{' '}
            {percent(evaluation.budgetRemaining)}
          </Typography>
        </div>
      )),
    )}
  </>
);

/**
 * SLO burn on every cluster: per SLO, the burn rate of the long windows the
 * page (1h, 6h) and ticket (1d, 3d) alerts use, and the error budget left
 * over the period. The rules are in docs/slo-burn-rates.md.
 */
export const SloCard = () => (
  <PerClusterCard
    title="SLO burn"
    source="slo"
    columns={['SLOs: burn rates and budget left']}
    render={data => [<SloLines data={data} />]}
  />
);
