/*
 * The fleet as MCP tools: a real MCP client (@modelcontextprotocol/sdk, via
 * @internal/test-services) over Streamable HTTP against the fleet backend
 * with Backstage's MCP server, on the demo fleet. Lists the tools, calls
 * each read with a cluster down and one burning, and is refused what the
 * user may not read. The backend and the demo fleet:
 * __testUtils__/fleetBackend.ts.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { connectMcp } from '@internal/test-services';
import { fleetTest } from './__testUtils__/fleetBackend';

jest.setTimeout(60_000);

const BASE = 18500;
// azure has burned since before the fleet started: its real Prometheus
// pages from the first evaluation (a burn begun in the test would take
// ~86 s to cross the 1h window).
const t = fleetTest(BASE, {
  failing: { 'azure-eastus-prod-01': { burning: true } },
});

async function connect(
  options: Parameters<typeof t.backend>[0] = {},
  authorization = mockCredentials.user.header('user:default/guest'),
) {
  const { server } = await t.backend({
    ...options,
    features: [mcpActionsPlugin],
  });
  return connectMcp(server, authorization);
}

describe('the fleet over MCP', () => {
  it('lists the fleet tools, every one read-only', async () => {
    const client = await connect();
    const tools = await client.listTools();
    expect(tools.map(tool => tool.name).sort()).toEqual([
      'fleet.get-entity-fleet',
      'fleet.get-policy-violations',
      'fleet.list-burning-products',
      'fleet.list-clusters',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
    expect(
      tools.find(tool => tool.name === 'fleet.get-entity-fleet')!.inputSchema
        .required,
    ).toEqual(['entityRef']);
    await client.close();
  });

  it('reads a product on every cluster, a dead cluster in words; the clusters and what burns', async () => {
    await t.fleet.scenarios.set('gcp-euw1-prod-01', { down: true });
    const client = await connect();

    const fleet = await client.call('fleet.get-entity-fleet', {
      entityRef: 'system:default/storefront',
    });
    const rows = fleet.output.rows;
    expect(rows.map((row: any) => row.cluster)).toEqual([
      'aws-use1-prod-01',
      'gcp-euw1-prod-01',
      'azure-eastus-prod-01',
    ]);
    const gcp = rows[1];
    expect(gcp.summary).toBe('no answer from the cluster');
    expect(gcp.cells.argocd).toMatchObject({
      status: 'unknown',
      error: "cannot reach gcp-euw1-prod-01's Argo CD: connection refused",
      runbook: 'runbooks/cluster-down/',
      fetchedAt: expect.any(String),
    });
    expect(rows[2].cells.slo.status).toBe('critical');
    expect(fleet.output.readiness.verdict).toBe('not-ready');

    const clusters = await client.call('fleet.list-clusters', {});
    const byName = Object.fromEntries(
      clusters.output.clusters.map((cluster: any) => [cluster.name, cluster]),
    );
    expect(byName['gcp-euw1-prod-01'].status).toBe('critical');
    // The test registry's fields, as the catalog holds them.
    expect(byName['aws-use1-prod-01']).toMatchObject({
      status: 'ok',
      provider: 'aws',
      title: 'AWS-USE1-PROD-01',
    });

    const burning = await client.call('fleet.list-burning-products', {});
    expect(burning.output.products).toEqual([
      {
        entityRef: 'system:default/storefront',
        title: 'Storefront',
        severity: 'paging',
        clusters: [{ cluster: 'azure-eastus-prod-01', slo: 'critical' }],
      },
    ]);
    await client.close();
  });

  it("reads a service's Kyverno violations per cluster, with the failing policies", async () => {
    await t.fleet.scenarios.set('aws-use1-prod-01', { violations: true });
    const client = await connect();
    const policy = await client.call('fleet.get-policy-violations', {
      entityRef: 'component:default/storefront-api',
    });
    const [aws, gcp] = policy.output.clusters;
    expect(aws.cluster).toBe('aws-use1-prod-01');
    expect(aws.status).toBe('critical');
    expect(aws.failing.length).toBeGreaterThan(0);
    expect(aws.failing[0]).toMatchObject({
      policy: expect.any(String),
      resources: expect.arrayContaining([expect.stringMatching(/\//)]),
    });
    expect(gcp).toMatchObject({ status: 'ok', failing: [] });
    await client.close();
  });

  it('refuses what the user may not read, in the API’s words', async () => {
    const client = await connect({ deny: true });
    const refused = await client.call('fleet.get-entity-fleet', {
      entityRef: 'system:default/storefront',
    });
    expect(refused.error).toBe(
      'NotAllowedError: You may not read the fleet view of system:default/storefront',
    );
    // And the lists hold nothing it may not see.
    const burning = await client.call('fleet.list-burning-products', {});
    expect(burning.output.products).toEqual([]);
    await client.close();
  });

  it('acts for no one with a service token: refused, whatever it asks', async () => {
    const client = await connect({}, mockCredentials.service.header());
    const refused = await client.call('fleet.list-clusters', {});
    expect(refused.error).toMatch(
      /^NotAllowedError: these actions act for a signed-in user/,
    );
    await client.close();
  });
});
