import knex from 'knex';
import { RealPostgres } from '@internal/test-services';

export interface HistoryRow {
  id: string;
  kind: string;
  cluster: string | null;
  outcome: string;
  reason: string;
  error: string | null;
  idempotency_key: string | null;
  weights_after: string;
  created_at: Date;
}

/**
 * The traffic plugin's whole history, read from its database (Backstage
 * gives each plugin its own: backstage_plugin_traffic). The page shows the
 * last 20 entries; an audit of a run needs every one.
 */
export async function trafficHistory(
  postgres: RealPostgres,
  reasonPrefix = '',
): Promise<HistoryRow[]> {
  const db = knex({
    client: 'pg',
    connection: `postgresql://${postgres.user}@${postgres.host}:${postgres.port}/backstage_plugin_traffic`,
  });
  try {
    return await db<HistoryRow>('traffic_actions')
      .where('reason', 'like', `${reasonPrefix}%`)
      .orderBy('created_at', 'asc');
  } finally {
    await db.destroy();
  }
}

/** How many times each value occurs. */
export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
