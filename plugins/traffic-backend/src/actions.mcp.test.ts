/*
 * The failover button as MCP tools: a real MCP client (@modelcontextprotocol/sdk)
 * over Streamable HTTP against the backend with Backstage's MCP server
 * (@backstage/plugin-mcp-actions-backend). It lists the tools, reads the
 * traffic, previews and applies a drain and sees PowerDNS (the demo fleet's
 * API) change, and is refused, with nothing changed, without a reason, with
 * a stale version, and as another team's member. The backend and the demo
 * fleet: __testUtils__/trafficBackend.ts.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { connectMcp } from '@internal/test-services';
import { autoSyncOn, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each test file its own ports: Jest may run them side by side.
const BASE = 18400;
const t = trafficTest(BASE);
const { powerDnsWeights } = t;

const storefront = 'system:default/storefront';
const gcp = 'gcp-euw1-prod-01';

/** A connected MCP client acting as `user`. */
async function connect(
  userRef = 'user:default/guest',
  options: Parameters<typeof t.backend>[0] = {},
) {
  const backend = await t.backend({ ...options, features: [mcpActionsPlugin] });
  return connectMcp(backend.server, mockCredentials.user.header(userRef));
}

describe('the failover button over MCP', () => {
  it('lists the traffic tools with their schemas, the reads marked read-only and the change destructive', async () => {
    const client = await connect();
    const tools = await client.listTools();
    const byName = Object.fromEntries(tools.map(tool => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual([
      'traffic.abort-rollout',
      'traffic.apply-traffic-change',
      'traffic.evacuate-cluster',
      'traffic.get-evacuation-plan',
      'traffic.get-releases',
      'traffic.get-traffic-state',
      'traffic.preview-traffic-change',
      'traffic.promote-release',
      'traffic.set-auto-sync',
      'traffic.set-promotions',
    ]);
    for (const name of [
      'get-traffic-state',
      'preview-traffic-change',
      'get-evacuation-plan',
      'get-releases',
    ]) {
      expect(byName[`traffic.${name}`].annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
    for (const name of [
      'apply-traffic-change',
      'set-auto-sync',
      'evacuate-cluster',
      'abort-rollout',
    ]) {
      expect(byName[`traffic.${name}`].annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
    }
    // Exact input schemas: what apply requires is required.
    expect(byName['traffic.apply-traffic-change'].inputSchema.required).toEqual(
      expect.arrayContaining([
        'entityRef',
        'kind',
        'reason',
        'expectedVersion',
        'idempotencyKey',
      ]),
    );
    await client.close();
  });

  it('reads the traffic, previews a drain, applies it and PowerDNS changes; a retry is a replay', async () => {
    const client = await connect();
    const state = await client.call('traffic.get-traffic-state', {
      entityRef: storefront,
    });
    expect(state.output).toMatchObject({
      entryPoint: 'shop.trinity.example',
      provider: 'powerdns',
      mayChange: true,
    });
    expect(state.output.clusters.map((c: any) => c.weight)).toEqual([1, 1, 1]);

    const preview = await client.call('traffic.preview-traffic-change', {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
    });
    expect(preview.output.allowed).toBe(true);
    expect(preview.output.weightsAfter[gcp]).toBe(0);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);

    const change = {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
      reason: 'agent: gcp burning, on-call asked',
      expectedVersion: preview.output.version,
      idempotencyKey: `mcp-test-${Date.now()}`,
    };
    const applied = await client.call('traffic.apply-traffic-change', change);
    expect(applied.output).toMatchObject({
      outcome: 'applied',
      replayed: false,
    });
    expect(await powerDnsWeights()).toEqual([1, 0, 1]);
    // Audited as the user, naming the action it came through.
    expect(t.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'entry-point-change',
        meta: expect.objectContaining({
          actor: 'user:default/guest',
          via: 'action traffic:apply-traffic-change',
        }),
        result: expect.objectContaining({ status: 'succeeded' }),
      }),
    );

    const again = await client.call('traffic.apply-traffic-change', change);
    expect(again.output).toMatchObject({ outcome: 'applied', replayed: true });
    await client.close();
  });

  it('refuses a change with no reason, or from a stale preview, and changes nothing', async () => {
    const client = await connect();
    const preview = await client.call('traffic.preview-traffic-change', {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
    });
    const change = {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
      expectedVersion: preview.output.version,
      idempotencyKey: `mcp-test-${Date.now()}-a`,
    };
    const noReason = await client.call('traffic.apply-traffic-change', {
      ...change,
      reason: ' ',
    });
    expect(noReason.error).toBe(
      'InputError: a reason is required for every traffic change',
    );

    const stale = await client.call('traffic.apply-traffic-change', {
      ...change,
      reason: 'from an old preview',
      expectedVersion: 'a-version-long-gone',
    });
    // The API's own words: a conflict, nothing written.
    expect(stale.error).toMatch(
      /^ConflictError: shop\.trinity\.example changed since the preview \(version a-version-long-gone, now [0-9a-f]{16}\); preview again$/,
    );
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    await client.close();
  });

  it("refuses another team's member as the Failover tab does, and audits the refusal", async () => {
    const client = await connect('user:default/priya.nair', {
      deny: ['traffic.entrypoint.shift'],
    });
    const state = await client.call('traffic.get-traffic-state', {
      entityRef: storefront,
    });
    expect(state.output.mayChange).toBe(false);
    const preview = await client.call('traffic.preview-traffic-change', {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
    });
    const refused = await client.call('traffic.apply-traffic-change', {
      entityRef: storefront,
      kind: 'drain',
      cluster: gcp,
      reason: 'not mine to move',
      expectedVersion: preview.output.version,
      idempotencyKey: `mcp-test-${Date.now()}-b`,
    });
    expect(refused.error).toBe(
      'NotAllowedError: only members of team-storefront, the on-call group and platform admins may shift the traffic of storefront',
    );
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    expect(t.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'entry-point-change',
        meta: expect.objectContaining({ actor: 'user:default/priya.nair' }),
        result: expect.objectContaining({ status: 'failed' }),
      }),
    );
    await client.close();
  });

  it('the release actions: the view, and a refusal for another team, audited, nothing opened', async () => {
    const own = await connect();
    const view = await own.call('traffic.get-releases', {
      entityRef: storefront,
    });
    expect(
      view.output.view.services.map((service: any) => service.service),
    ).toEqual(['storefront-api', 'storefront-web']);
    await own.close();

    const other = await connect('user:default/priya.nair', {
      deny: ['traffic.entrypoint.shift'],
    });
    const refused = await other.call('traffic.set-promotions', {
      entityRef: storefront,
      paused: true,
      reason: 'not mine to pause',
      idempotencyKey: `mcp-test-${Date.now()}-promotions`,
    });
    expect(refused.error).toMatch(
      /^NotAllowedError: only members of team-storefront/,
    );
    expect(t.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'release-promotions',
        meta: expect.objectContaining({
          actor: 'user:default/priya.nair',
          via: 'action traffic:set-promotions',
        }),
        result: expect.objectContaining({ status: 'failed' }),
      }),
    );
    expect(await t.forge.listPullRequests('platform/infra')).toEqual([]);
    await other.close();
  });

  it("pauses and resumes a product's auto-sync on one cluster, in Argo CD itself", async () => {
    const client = await connect();
    const automated = () => autoSyncOn(BASE, 1);
    const before = await automated();
    const pause = {
      entityRef: storefront,
      cluster: gcp,
      paused: true,
      reason: 'agent: bad release on gcp, stop re-applying it',
      idempotencyKey: `mcp-test-${Date.now()}-sync`,
    };
    const paused = await client.call('traffic.set-auto-sync', pause);
    expect(paused.output).toMatchObject({ outcome: 'applied' });
    expect(await automated()).toEqual([null, null]);
    expect(await autoSyncOn(BASE, 0)).toEqual(before);

    const resumed = await client.call('traffic.set-auto-sync', {
      ...pause,
      paused: false,
      reason: 'fixed release is out',
      idempotencyKey: `mcp-test-${Date.now()}-resume`,
    });
    expect(resumed.output).toMatchObject({ outcome: 'applied' });
    expect(await automated()).toEqual(before);

    const elsewhere = await client.call('traffic.set-auto-sync', {
      ...pause,
      cluster: 'nope-prod-01',
      idempotencyKey: `mcp-test-${Date.now()}-nope`,
    });
    expect(elsewhere.error).toMatch(
      /^InputError: cluster: system:default\/storefront does not run on nope-prod-01/,
    );
    await client.close();
  });

  it('shows the evacuation plan and rehearses it, writing nothing; refused without the evacuate permission', async () => {
    const client = await connect();
    const plan = await client.call('traffic.get-evacuation-plan', {
      cluster: gcp,
    });
    expect(plan.output.entries).toEqual([
      expect.objectContaining({
        entityRef: storefront,
        entryPoint: 'shop.trinity.example',
        moves: true,
      }),
    ]);
    const rehearsal = await client.call('traffic.evacuate-cluster', {
      cluster: gcp,
      confirmCluster: gcp,
      mode: 'rehearsal',
      reason: 'agent: rehearse before the game day',
    });
    expect(rehearsal.output.id).toEqual(expect.any(String));
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    expect(t.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'cluster-evacuation',
        meta: expect.objectContaining({
          via: 'action traffic:evacuate-cluster',
          mode: 'rehearsal',
        }),
      }),
    );
    await client.close();

    const owner = await connect('user:default/guest', {
      deny: ['traffic.cluster.evacuate'],
    });
    const refused = await owner.call('traffic.evacuate-cluster', {
      cluster: gcp,
      confirmCluster: gcp,
      mode: 'run',
      reason: 'not mine to do',
    });
    expect(refused.error).toBe(
      'NotAllowedError: only platform on-call and platform admins may evacuate a cluster or return its traffic',
    );
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
    await owner.close();
  });
});
