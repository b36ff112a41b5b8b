import { Typography } from '@material-ui/core';
import { SloCellData, SloReading } from '@internal/plugin-fleet-common';
import { PerClusterCard } from './PerClusterCard';

const rate = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : `${value.toFixed(value < 10 ? 1 : 0)}×`;

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;

/** One line per SLO of the entity's services on this cluster. */
function perSlo(
  { services }: SloCellData,
  text: (service: string, slo: SloReading) => string,
) {
  return (
    <>
      {services.flatMap(reading =>
        reading.slos.map(slo => (
          <Typography
            key={`${reading.service}/${slo.slo}`}
            variant="body2"
            noWrap
          >
            {text(reading.service, slo)}
          </Typography>
        )),
      )}
    </>
  );
}

/**
 * SLO burn on every cluster: per SLO, the burn rate of the long windows the
 * page (1h, 6h) and ticket (1d, 3d) alerts use, and the error budget left
 * over the period. The rules are in docs/slo-burn-rates.md.
 */
export const SloCard = () => (
  <PerClusterCard
    title="SLO burn"
    source="slo"
    columns={['SLO', 'Burn 1h/6h', 'Burn 1d/3d', 'Budget left']}
    render={data => [
      perSlo(
        data,
        (service, { slo, objective }) =>
          `${service} · ${slo}${
            objective === undefined ? '' : ` ${(objective * 100).toFixed(2)}%`
          }`,
      ),
      perSlo(
        data,
        (_, { evaluation }) =>
          `${rate(evaluation.burnRates['1h'])} / ${rate(
            evaluation.burnRates['6h'],
          )}`,
      ),
      perSlo(
        data,
        (_, { evaluation }) =>
          `${rate(evaluation.burnRates['1d'])} / ${rate(
            evaluation.burnRates['3d'],
          )}`,
      ),
      perSlo(data, (_, { evaluation }) => percent(evaluation.budgetRemaining)),
    ]}
  />
);
