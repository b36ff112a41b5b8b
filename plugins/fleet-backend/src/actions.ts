import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  cellDataOf,
  EntityFleet,
  FleetCell,
  overviewCell,
} from '@internal/plugin-fleet-common';
import { actingUser } from '@internal/plugin-platform-node';
import { FleetReads } from './services/FleetReads';

/**
 * The fleet as read-only actions agents call (over MCP, through
 * @backstage/plugin-mcp-actions-backend): what a person sees on the Fleet
 * tab, the cluster pages and the overview, with the caller's own
 * credentials (FleetReads, the checks the HTTP API makes), never more. Each
 * cell says how old it is and, when its upstream did not answer, why.
 */
export function registerFleetActions(
  registry: ActionsRegistryService,
  reads: FleetReads,
) {
  const status = (zod: Zod) =>
    zod.enum(['ok', 'warning', 'critical', 'unknown']);

  registry.register({
    name: 'get-entity-fleet',
    title: 'Fleet view of a product or service',
    description:
      "One row per cluster the entity runs on, one cell per signal (Argo CD sync and health, workloads, SLO burn, Kyverno policy results, share of traffic): each cell's status, what it says, when it was read and, when the cluster did not answer, the error in words; plus whether the product would survive losing a cloud, and why. Kyverno violations are the policy cells. Read-only.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: zod
            .string()
            .describe(
              'e.g. system:default/storefront or component:default/storefront-api',
            ),
        }),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          generatedAt: zod.string(),
          readiness: zod
            .object({ verdict: zod.string(), reasons: zod.array(zod.string()) })
            .optional(),
          rows: zod.array(
            zod.object({
              cluster: zod.string(),
              title: zod.string(),
              status: status(zod),
              summary: zod.string(),
              cells: zod.record(
                zod.object({
                  status: status(zod),
                  summary: zod.string(),
                  fetchedAt: zod.string(),
                  error: zod.string().optional(),
                  runbook: zod.string().optional(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: fleetOf(
        await reads.entity(input.entityRef, actingUser(credentials)),
      ),
    }),
  });

  registry.register({
    name: 'list-clusters',
    title: 'Clusters and their health',
    description:
      "Every registered cluster with its provider, region and upgrade ring, its status (the worst of its health checks; an upstream that does not answer is critical) and each check's verdict in words. Read-only.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({}),
      output: zod =>
        zod.object({
          clusters: zod.array(
            zod.object({
              name: zod.string(),
              title: zod.string(),
              provider: zod.string(),
              region: zod.string(),
              upgradeRing: zod.string(),
              status: status(zod),
              checks: zod.record(
                zod.object({ status: status(zod), summary: zod.string() }),
              ),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      const user = actingUser(credentials);
      const overview = await reads.overview(user);
      const clusters = await Promise.all(
        overview.clusters.map(async cluster => {
          const view = await reads.cluster(cluster.name, user);
          return {
            name: cluster.name,
            title: cluster.title,
            provider: cluster.provider,
            region: cluster.region,
            upgradeRing: cluster.upgradeRing,
            status: view.status,
            checks: Object.fromEntries(
              Object.entries(view.health).map(([id, check]) => [
                id,
                { status: check.status, summary: check.summary },
              ]),
            ),
          };
        }),
      );
      return { output: { clusters } };
    },
  });

  registry.register({
    name: 'list-burning-products',
    title: 'Products paging or burning their error budget',
    description:
      'The products the caller may see whose SLOs burn their error budget on some cluster: paging (page-level burn, critical) or burning (ticket-level, warning), with the clusters and what the SLO cell says there. An empty list means none is. Read-only.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod => zod.object({}),
      output: zod =>
        zod.object({
          products: zod.array(
            zod.object({
              entityRef: zod.string(),
              title: zod.string(),
              severity: zod.enum(['paging', 'burning']),
              clusters: zod.array(
                zod.object({ cluster: zod.string(), slo: zod.string() }),
              ),
            }),
          ),
          generatedAt: zod.string(),
        }),
    },
    action: async ({ credentials }) => {
      const overview = await reads.overview(actingUser(credentials));
      const products = overview.products.flatMap(product => {
        const hot = Object.entries(product.cells).filter(
          ([, cell]) => cell.slo === 'critical' || cell.slo === 'warning',
        );
        if (hot.length === 0) return [];
        return [
          {
            entityRef: product.entityRef,
            title: product.title,
            severity: hot.some(([, cell]) => cell.slo === 'critical')
              ? ('paging' as const)
              : ('burning' as const),
            clusters: hot.map(([cluster, cell]) => ({
              cluster,
              slo: cell.slo!,
            })),
          },
        ];
      });
      return { output: { products, generatedAt: overview.generatedAt } };
    },
  });

  registry.register({
    name: 'get-policy-violations',
    title: 'Kyverno violations of a product or service',
    description:
      "Per cluster, Kyverno's results for the entity's workloads: counts by result, each failing policy with its severity, category, message and the resources it failed on, the admissions Kyverno refused in the last day, and the policy exceptions granted (ticket, approver, expiry); or, when the cluster did not answer, why. Read-only.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: zod =>
        zod.object({
          entityRef: zod
            .string()
            .describe('e.g. component:default/storefront-api'),
        }),
      output: zod =>
        zod.object({
          clusters: zod.array(
            zod.object({
              cluster: zod.string(),
              status: status(zod),
              summary: zod.string(),
              fetchedAt: zod.string(),
              error: zod.string().optional(),
              counts: zod.record(zod.number()).optional(),
              failing: zod
                .array(
                  zod.object({
                    policy: zod.string(),
                    severity: zod.string().optional(),
                    category: zod.string().optional(),
                    message: zod.string().optional(),
                    resources: zod.array(zod.string()),
                  }),
                )
                .optional(),
              blockedLastDay: zod.number().optional(),
              exceptions: zod
                .array(
                  zod.object({
                    name: zod.string(),
                    policies: zod.array(zod.string()),
                    ticket: zod.string().optional(),
                    approvedBy: zod.string().optional(),
                    expiresAt: zod.string().optional(),
                  }),
                )
                .optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const fleet = await reads.entity(
        input.entityRef,
        actingUser(credentials),
      );
      const clusters = fleet.rows.flatMap(row => {
        const cell = row.cells.policy;
        if (!cell) return [];
        const data = cellDataOf(cell, 'policy');
        const blocked = data?.blocked;
        return [
          {
            cluster: row.cluster.name,
            ...cellOf(cell),
            counts: data?.counts,
            failing: data?.failing,
            blockedLastDay:
              blocked && 'count' in blocked ? blocked.count : undefined,
            exceptions: data?.exceptions?.map(exception => ({
              name: exception.name,
              policies: exception.policies,
              ticket: exception.ticket,
              approvedBy: exception.approvedBy,
              expiresAt: exception.expiresAt,
            })),
          },
        ];
      });
      return { output: { clusters } };
    },
  });
}

/** The registry's zod, as the schema callbacks receive it. */
type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

function cellOf(cell: FleetCell) {
  return {
    status: cell.status,
    summary: cell.summary,
    fetchedAt: cell.fetchedAt,
    error: cell.error?.message,
    runbook: cell.runbook,
  };
}

function fleetOf(fleet: EntityFleet) {
  return {
    entityRef: fleet.entityRef,
    generatedAt: fleet.generatedAt,
    readiness: fleet.readiness && {
      verdict: fleet.readiness.verdict,
      reasons: fleet.readiness.reasons,
    },
    rows: fleet.rows.map(row => {
      const line = overviewCell(row);
      return {
        cluster: row.cluster.name,
        title: row.cluster.title,
        status: line.status,
        summary: line.summary,
        cells: Object.fromEntries(
          Object.entries(row.cells).map(([id, cell]) => [id, cellOf(cell)]),
        ),
      };
    }),
  };
}
