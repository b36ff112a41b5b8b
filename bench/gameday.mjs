#!/usr/bin/env node
// Game-day budgets on the running portal (issue 19), in one run:
// - start: `./trinity start` on a fresh data directory until the backend is
//   ready and the app's page is served (a warm install: dependencies and
//   Debian packages already in place);
// - a cluster killed (`down=true`: its APIs, ingress and the storefront's
//   processes) → its row on an open Fleet tab (system/storefront, no reload)
//   shows an error cell, and → all four of its cells (Argo CD, workloads,
//   SLO, policy) are errors; then back up, until the row has no error.
//   p50/p95 over --trials (default 10).
//
//   node bench/gameday.mjs [--trials 10]
//
// Needs nothing running on the portal's ports. Writes
// test-results/bench-gameday.json. Traffic stays on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { appUrl, repoRoot, setScenario, startPortal } from '../e2e/portal.mjs';
import { launchBrowser, pollUntil, signInAsGuest } from '../e2e/browser.mjs';

const trials = Number(process.argv[process.argv.indexOf('--trials') + 1]) || 10;
const CLUSTER = 'aws-use1-prod-01';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};
const summary = values => ({
  trials: values.length,
  p50Ms: percentile(values, 50),
  p95Ms: percentile(values, 95),
  maxMs: Math.max(...values),
});

async function main() {
  const started = Date.now();
  const portal = await startPortal();
  const startMs = Date.now() - started;
  console.log(`portal ready after ${Math.round(startMs / 1000)} s`);
  // Inside the try: a browser that does not launch still stops the portal.
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await signInAsGuest(page, appUrl);
    await page.goto(`${appUrl}/catalog/default/system/storefront/fleet`);
    await page
      .getByRole('table', { name: 'fleet' })
      .waitFor({ timeout: 120_000 });
    const row = page.getByTestId(`row-${CLUSTER}`);
    const errors = () => row.getByTestId('cell-error').count();
    // Every column read once before the first trial.
    await pollUntil(
      page,
      async () =>
        (await row.getByTestId(/^cell-(ok|warning|critical)$/).count()) >= 4,
      'a healthy row first',
      180_000,
    );
    const firstError = [];
    const allErrors = [];
    const recovered = [];
    for (let trial = 0; trial < trials; trial++) {
      await setScenario(CLUSTER, { down: true });
      const killed = Date.now();
      await pollUntil(page, async () => (await errors()) > 0, 'an error cell');
      firstError.push(Date.now() - killed);
      await pollUntil(
        page,
        async () => (await errors()) >= 4,
        'four error cells',
      );
      allErrors.push(Date.now() - killed);
      await setScenario(CLUSTER, { down: false });
      const back = Date.now();
      await pollUntil(
        page,
        async () => (await errors()) === 0,
        'no error cell',
      );
      recovered.push(Date.now() - back);
      console.log(
        `trial ${trial + 1}: first error ${firstError.at(
          -1,
        )} ms, all four ${allErrors.at(-1)} ms, recovered ${recovered.at(
          -1,
        )} ms`,
      );
    }
    const report = {
      at: new Date().toISOString(),
      startMs,
      killedToFirstErrorCell: summary(firstError),
      killedToAllFourErrorCells: summary(allErrors),
      backToNoErrorCell: summary(recovered),
      budgets: { startMs: 90_000, killedToRowCriticalMs: 20_000 },
    };
    const out = path.join(repoRoot, 'test-results', 'bench-gameday.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await setScenario(CLUSTER, { down: false }).catch(() => undefined);
    await browser?.close();
    await portal.stop();
  }
}

main().catch(error => {
  console.error(error.stack ?? error);
  process.exit(1);
});
