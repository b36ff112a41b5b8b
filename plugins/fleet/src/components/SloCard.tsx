import { Typography } from '@material-ui/core';
import { SloCellData, SloReading } from '@internal/plugin-fleet-common';
import { PerClusterCard } from './PerClusterCard';

const rate = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : `${n.toFixed(n < 10 ? 1 : 0)}×`;

const percent = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)}%`;

/** One line per SLO of the entity's services on this cluster. */
function perSlo(
  { services }: SloCellData,
  text: (service: string, slo: SloReading) => string,
) {
  return (
    <>
      {services.flatMap(s =>
        s.slos.map(slo => (
          <Typography key={`${s.service}/${slo.slo}`} variant="body2" noWrap>
            {text(s.service, slo)}
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
        (_, { evaluation: e }) =>
          `${rate(e.burnRates['1h'])} / ${rate(e.burnRates['6h'])}`,
      ),
      perSlo(
        data,
        (_, { evaluation: e }) =>
          `${rate(e.burnRates['1d'])} / ${rate(e.burnRates['3d'])}`,
      ),
      perSlo(data, (_, { evaluation: e }) => percent(e.budgetRemaining)),
    ]}
  />
);
