/*
 * Page-level burn on the fleet view, from a real Prometheus: the demo
 * fleet starts with aws failing 60 % of its customers' requests, and
 * failing so for the 70 minutes before (its Prometheus's history says so),
 * so Sloth's 5m and 1h windows are past 14.4x the budget from the first
 * evaluation, as on a cluster burning since then. A burn started during a
 * test would need ~86 s of real failures before the 1h window crosses
 * (packages/backend/src/integration/livingLoop.test.ts waits for that).
 * The backend and the demo fleet: __testUtils__/fleetBackend.ts.
 */
import { fleetTest, path, settled } from './__testUtils__/fleetBackend';

jest.setTimeout(60_000);

const BASE = 19200;
const t = fleetTest(BASE, {
  failing: { 'aws-use1-prod-01': { burning: true } },
});

it('shows page-level burn as a critical SLO cell that links its runbook; the other clusters are within budget', async () => {
  const { server } = await t.backend();
  const res = await settled(server, path);
  const [aws, gcp, azure] = res.body.rows;
  expect(aws.cells.slo).toMatchObject({
    status: 'critical',
    runbook: 'runbooks/slo-fast-burn/',
    summary: expect.stringMatching(
      /^storefront-api: requests-availability: burning \d+(\.\d+)?x over 1h and \d+(\.\d+)?x over 5m/,
    ),
  });
  for (const row of [gcp, azure]) {
    expect(row.cells.slo.status).toBe('ok');
    expect(row.cells.slo.summary).toMatch(/within budget/);
  }
});
