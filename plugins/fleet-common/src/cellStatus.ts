import { CellStatus } from './model';

const rank: Record<CellStatus, number> = {
  critical: 3,
  warning: 2,
  unknown: 1,
  ok: 0,
};

/** The worst of several cell statuses: critical > warning > unknown > ok. */
export function worstCellStatus(statuses: CellStatus[]): CellStatus {
  return statuses.reduce<CellStatus>(
    (worst, status) => (rank[status] > rank[worst] ? status : worst),
    'ok',
  );
}
