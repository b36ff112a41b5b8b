// The portal as a person meets it: start it as the README says, sign in as
// guest, find the catalog and an entity page. Screenshots go to
// test-results/screenshots/ for a human to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { appUrl, backendUrl, setScenario, startPortal } from './portal.mjs';
import { launchBrowser } from './browser.mjs';
import { measurePageLoads, measuredPages } from './pageLoads.mjs';

let portal;
let browser;
let page;
// React's development build warns in the console ("Warning: ..."); the
// production build the portal serves must not.
const reactWarnings = [];

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('console', message => {
    if (/^Warning: /.test(message.text())) reactWarnings.push(message.text());
  });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('signs in as guest and lands on the Trinity home page', async () => {
  await page.goto(appUrl);
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
  await page.getByText('What Trinity is for').waitFor({ timeout: 60_000 });
  // The fleet at a glance: every cluster with its status, linked.
  for (const cluster of ['aws-use1-prod-01', 'gcp-euw1-prod-01']) {
    await page
      .getByTestId(`fleet-now-cluster-${cluster}`)
      .waitFor({ timeout: 60_000 });
  }
  await browser.screenshot(page, 'portal-home');
  // The scaffold's jokes and clocks are gone.
  assert.equal(await page.getByText('Random Joke').count(), 0);
  assert.equal(await page.getByText('World Clocks').count(), 0);
});

test('the catalog lists the storefront components owned by the guest team', async () => {
  await page.goto(`${appUrl}/catalog`);
  await page.getByText('Owned Components').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Storefront API' }).waitFor();
  await page.getByRole('link', { name: 'Storefront web' }).waitFor();
  await browser.screenshot(page, 'portal-catalog');
});

test('an entity page shows the storefront API with its owner and system', async () => {
  await page.getByRole('link', { name: 'Storefront API' }).click();
  await page
    .getByRole('heading', { name: 'Storefront API' })
    .waitFor({ timeout: 60_000 });
  await page.getByText('The Storefront API.').first().waitFor();
  assert.ok(await page.getByText('team-storefront').first().isVisible());
  await browser.screenshot(page, 'portal-entity-storefront-api');
});

const clusterTitles = [
  'AWS us-east-1 production 01',
  'GCP europe-west1 production 01',
  'Azure eastus production 01',
];

async function openKubernetesTab() {
  await page.goto(
    `${appUrl}/catalog/default/component/storefront-api/kubernetes`,
  );
  await page.getByText('Your Clusters').waitFor({ timeout: 60_000 });
}

/** The cluster cards of the core Kubernetes plugin, by title. */
async function clusterCard(title) {
  // The card is the nearest ancestor of the title that also counts pods.
  const name = page.getByText(title, { exact: true }).last();
  await name.waitFor({ timeout: 30_000 });
  return name.locator(
    'xpath=ancestor::*[contains(normalize-space(.), " pod")][1]',
  );
}

test('the Kubernetes tab shows storefront-api on all three demo clusters', async () => {
  await openKubernetesTab();
  for (const title of clusterTitles) {
    const card = await clusterCard(title);
    assert.match(await card.innerText(), /4 pods/, `${title} shows its 4 pods`);
  }
  await browser.screenshot(page, 'kubernetes-three-clusters');
});

test('with one demo cluster down, the other two still show their workloads', async () => {
  await setScenario('aws-use1-prod-01', { down: true });
  try {
    await openKubernetesTab();
    await page
      .getByText('There was a problem retrieving Kubernetes objects')
      .waitFor({ timeout: 30_000 });
    for (const title of clusterTitles.slice(1)) {
      const card = await clusterCard(title);
      assert.match(
        await card.innerText(),
        /4 pods/,
        `${title} still shows its pods`,
      );
    }
    const dead = await clusterCard(clusterTitles[0]);
    assert.match(await dead.innerText(), /0 pods/);
    await browser.screenshot(page, 'kubernetes-one-cluster-down');
  } finally {
    await setScenario('aws-use1-prod-01', { down: false });
  }
});

test('a cluster entity shows its registry fields and bound endpoints', async () => {
  await page.goto(`${appUrl}/catalog/default/resource/gcp-euw1-prod-01`);
  await page
    .getByRole('heading', { name: 'GCP europe-west1 production 01' })
    .waitFor({ timeout: 60_000 });
  await browser.screenshot(page, 'cluster-gcp-euw1-prod-01');
});

async function openFleetTab(ref) {
  await page.goto(`${appUrl}/catalog/default/${ref}/fleet`);
  // A table at 1440 px; a block per cluster on a card too narrow for it.
  await page
    .getByRole('table', { name: 'fleet' })
    .or(page.getByTestId('fleet-stack'))
    .waitFor({ timeout: 60_000 });
}

const row = cluster => page.getByTestId(`row-${cluster}`);

/** Polls `check` until it returns something truthy; returns that. */
async function eventually(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline)
      throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

/** GET / on a demo cluster's ingress for an entry point, as DNS would send a browser. */
function ingressGet(address, host) {
  return new Promise(resolve => {
    http
      .get(
        {
          host: address,
          port: 7180,
          path: '/',
          headers: { host },
          agent: false,
        },
        res => {
          let body = '';
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        },
      )
      .on('error', error => resolve({ status: 0, body: error.message }));
  });
}

test('the Fleet tab shows two healthy rows and one error row when a cluster is down', async () => {
  await setScenario('aws-use1-prod-01', { down: true });
  try {
    await openFleetTab('component/storefront-api');
    // No reload: the page asks again every 15 s and a cell is fresh for 15 s,
    // so a cluster that just died shows as errors within 30 s of its death
    // (at once when nobody looked at it in the last 15 s).
    await row('aws-use1-prod-01')
      .getByTestId('cell-error')
      .first()
      .waitFor({ timeout: 45_000 });
    // Cells turn as each one's cache entry is refreshed: within one more
    // page refresh all six sources of the dead cluster are errors.
    const errors = row('aws-use1-prod-01').getByTestId('cell-error');
    for (const deadline = Date.now() + 45_000; (await errors.count()) < 6; ) {
      if (Date.now() > deadline) break;
      await page.waitForTimeout(1000);
    }
    assert.equal(
      await errors.count(),
      6, // Argo CD, workloads, rollout, SLO, policy and mesh
    );
    for (const healthy of ['gcp-euw1-prod-01', 'azure-eastus-prod-01']) {
      assert.equal(
        await row(healthy).getByTestId('cell-ok').count(),
        6,
        `${healthy} is all OK: ${await row(healthy).innerText()}`,
      );
    }
    await browser.screenshot(page, 'fleet-one-cluster-down');

    // The product's readiness at that moment: not ready, and every other
    // cluster's headroom judged from the clusters that answer — never
    // "unknown" for all three; aws's own from its last known load.
    await openFleetTab('system/storefront');
    const readiness = page.getByTestId('readiness');
    await readiness
      .getByText(/aws-use1-prod-01 did not answer/)
      .first()
      .waitFor({ timeout: 45_000 });
    const reasons = await readiness.innerText();
    assert.doesNotMatch(
      reasons,
      /N-1 headroom for (gcp-euw1-prod-01|azure-eastus-prod-01) unknown/,
    );
    assert.match(
      reasons,
      /losing aws-use1-prod-01: .*aws-use1-prod-01 did not answer: \d+ replicas at its last answer, \d+ (s|min) ago/,
    );
    await browser.screenshot(page, 'fleet-readiness-cluster-down');
  } finally {
    await setScenario('aws-use1-prod-01', { down: false });
  }
});

test('a cluster switched down shows on open pages without a reload (signals), the Fleet tab and the overview', async () => {
  await openFleetTab('component/storefront-api');
  await row('gcp-euw1-prod-01')
    .getByTestId('cell-ok')
    .nth(3)
    .waitFor({ timeout: 60_000 });
  // A reload would drop this marker: what follows must reach the open page.
  await page.evaluate(() => {
    window.trinityNoReload = true;
  });
  const overview = await browser.context.newPage();
  await overview.goto(`${appUrl}/fleet`);
  const gcpCell = overview.getByTestId('overview-storefront-gcp-euw1-prod-01');
  await gcpCell.getByText('all signals OK').waitFor({ timeout: 60_000 });
  await overview.evaluate(() => {
    window.trinityNoReload = true;
  });

  const switched = Date.now();
  await setScenario('gcp-euw1-prod-01', { down: true });
  try {
    await row('gcp-euw1-prod-01')
      .getByTestId('cell-error')
      .first()
      .waitFor({ timeout: 20_000 });
    const tabMs = Date.now() - switched;
    await gcpCell
      .getByText(/did not answer|no answer from the cluster/)
      .waitFor({ timeout: 20_000 });
    const overviewMs = Date.now() - switched;
    console.log(
      `cluster down → open Fleet tab ${(tabMs / 1000).toFixed(
        1,
      )} s, open overview ${(overviewMs / 1000).toFixed(1)} s (no reload)`,
    );
    assert.equal(await page.evaluate(() => window.trinityNoReload), true);
    assert.equal(await overview.evaluate(() => window.trinityNoReload), true);
    await browser.screenshot(overview, 'overview-cluster-down-live');
  } finally {
    await setScenario('gcp-euw1-prod-01', { down: false });
    await overview.close();
  }
});

test('with signals cut off, an open overview still shows a cluster down (it polls)', async () => {
  // The app has the signals API but its WebSocket never opens (a proxy that
  // drops WebSockets): the page polls at the no-signals rate (15 s) and
  // shows the change without a reload, only later.
  const overview = await browser.context.newPage();
  await overview.routeWebSocket(/\/signals/, socket => socket.close());
  await overview.goto(`${appUrl}/fleet`);
  const gcpCell = overview.getByTestId('overview-storefront-gcp-euw1-prod-01');
  await gcpCell.getByText('all signals OK').waitFor({ timeout: 60_000 });
  await overview.evaluate(() => {
    window.trinityNoReload = true;
  });
  const switched = Date.now();
  await setScenario('gcp-euw1-prod-01', { down: true });
  try {
    await gcpCell
      .getByText(/did not answer|no answer from the cluster/)
      .waitFor({ timeout: 45_000 });
    console.log(
      `cluster down → open overview, signals cut off: ${(
        (Date.now() - switched) /
        1000
      ).toFixed(1)} s (polling, no reload)`,
    );
    assert.equal(await overview.evaluate(() => window.trinityNoReload), true);
  } finally {
    await setScenario('gcp-euw1-prod-01', { down: false });
    await overview.close();
  }
});

/**
 * The table holding `row`, checked at 1440×900 and at 1024×768: no cell's
 * content is clipped (wider than its cell) and the table is not wider than
 * its card. Returns nothing; fails with the clipped texts.
 */
async function assertTableFits(row, what) {
  const table = page.locator('table').filter({ has: row });
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    const clipped = await table.first().evaluate(element => {
      const cells = [...element.querySelectorAll('td, th')]
        .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
        .map(cell => cell.innerText.replace(/\s+/g, ' ').slice(0, 60));
      const card = element.parentElement;
      return card && card.scrollWidth > card.clientWidth + 1
        ? [
            ...cells,
            `the table (${card.scrollWidth} px in ${card.clientWidth} px)`,
          ]
        : cells;
    });
    assert.deepEqual(clipped, [], `${what} at ${width}×${height}: clipped`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Reloads `url` until `ready()` holds, for states the cache shows within 15 s. */
async function reloadUntil(url, ready, what) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(url);
    await page.waitForLoadState('domcontentloaded');
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} never showed`);
    await page.waitForTimeout(3000);
  }
}

test('a service overview shows SLO burn and Kyverno results on every cluster', async () => {
  // The debug tools of the violations scenario break three of the
  // platform's real policies (infra/kyverno/policies), evaluated by the
  // demo fleet as Kyverno would.
  await setScenario('azure-eastus-prod-01', { violations: true });
  try {
    const url = `${appUrl}/catalog/default/component/storefront-api`;
    const azure = () => page.getByTestId('policy-row-azure-eastus-prod-01');
    const failing = () =>
      azure().getByTestId('failing-trinity-require-platform-images');
    const gcpPolicy = page.getByTestId('policy-row-gcp-euw1-prod-01');
    const slo = page.getByTestId('slo-row-gcp-euw1-prod-01');
    // gcp came back from the test before: its cells show the refused read
    // until the next one answers (they say when they read), so wait for
    // that too.
    await reloadUntil(
      url,
      async () => {
        await azure().waitFor({ timeout: 30_000 });
        await slo.waitFor({ timeout: 30_000 });
        return (
          (await failing().count()) > 0 &&
          /0 fail/.test(await gcpPolicy.innerText()) &&
          /requests-availability/.test(await slo.innerText())
        );
      },
      "the failing Kyverno policy, and gcp's cells answered again",
    );
    assert.match(await azure().innerText(), /\d+ fail/);
    // Severity and category as Kyverno copies them from the policy.
    assert.match(await failing().innerText(), /\(high · Supply Chain\)/);
    // A high-severity failure makes the cell critical, with its runbook.
    assert.equal(await azure().getByTestId('cell-critical').count(), 1);
    assert.match(
      await azure()
        .getByRole('link', { name: /runbook/i })
        .getAttribute('href'),
      /kyverno-violations/,
    );
    // The rollout Kyverno refused: one Event per Deny policy it broke (3),
    // each seen twice.
    assert.match(
      await azure().getByTestId('policy-blocked').innerText(),
      /6 refused/,
    );
    // One refused rollout, the three policies that refused it beneath it.
    const blockedCell = await azure()
      .getByTestId('policy-blocked')
      .locator('xpath=..')
      .innerText();
    assert.equal(blockedCell.match(/Deployment storefront-api/g)?.length, 1);
    for (const policy of [
      'trinity-disallow-privileged',
      'trinity-require-platform-images',
      'trinity-require-requests-limits',
    ]) {
      assert.match(blockedCell, new RegExp(`by .*${policy}`));
    }
    assert.match(await gcpPolicy.innerText(), /0 fail/);
    // Burn rates per window and the budget left, per SLO.
    assert.match(
      await slo.innerText(),
      /storefront-api · requests-availability/,
    );
    assert.match(await slo.innerText(), /\d+(\.\d)?× \/ \d+(\.\d)?×/);
    assert.match(await slo.innerText(), /\d+\.\d%/);
    await assertTableFits(slo, 'the SLO card');
    await slo.scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'service-slo-card');
    await azure().scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'service-slo-and-policy-cards');
  } finally {
    await setScenario('azure-eastus-prod-01', { violations: false });
  }
});

test('the Kyverno card lists the exception granted to a workload, with ticket, approver and expiry', async () => {
  await page.goto(`${appUrl}/catalog/default/component/storefront-web`);
  const gcp = page.getByTestId('policy-row-gcp-euw1-prod-01');
  await gcp.waitFor({ timeout: 60_000 });
  // The exception skips; it is not a failure.
  assert.match(await gcp.innerText(), /0 fail/);
  assert.match(await gcp.innerText(), /1 skip/);
  // Once below the table, not squeezed into every row: it comes from the
  // infra repo, the same on every cluster.
  const exception = page.getByTestId('exception-storefront-web-zone-spread');
  await exception.waitFor({ timeout: 30_000 });
  const text = await exception.innerText();
  assert.match(
    text,
    /trinity-require-zone-spread skipped on Deployment storefront-web · PLAT-214 · approved by team-platform · expires in \d+ days \(\d{4}-\d{2}-\d{2}\)/,
  );
  assert.match(text, /on 3 of 3 clusters/);
  await exception.scrollIntoViewIfNeeded();
  await browser.screenshot(page, 'service-kyverno-exception');
  // A narrower screen: the table scrolls inside the card, the list wraps.
  await page.setViewportSize({ width: 1024, height: 800 });
  try {
    await exception.scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'service-kyverno-exception-narrow');
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test("a cluster's Fleet tab shows its health and products; a dead cluster is critical", async () => {
  await page.goto(`${appUrl}/catalog/default/resource/gcp-euw1-prod-01/fleet`);
  const product = page.getByTestId('product-system:default/storefront');
  await product.waitFor({ timeout: 60_000 });
  assert.match(
    await page.getByTestId('check-workloads').innerText(),
    /Kubernetes API answers \(v1\.33/,
  );
  assert.match(
    await page.getByTestId('check-argocd').innerText(),
    /Argo CD answers/,
  );
  assert.match(await page.getByTestId('cluster-status').innerText(), /OK/);
  await browser.screenshot(page, 'cluster-fleet-tab');

  await setScenario('aws-use1-prod-01', { down: true });
  try {
    await reloadUntil(
      `${appUrl}/catalog/default/resource/aws-use1-prod-01/fleet`,
      async () => {
        const status = page.getByTestId('cluster-status');
        await status.waitFor({ timeout: 30_000 });
        return /Critical/.test(await status.innerText());
      },
      'the dead cluster as critical',
    );
    assert.match(
      await page.getByTestId('check-workloads').innerText(),
      /cannot reach aws-use1-prod-01's Kubernetes API/,
    );
    // The product line never says "all signals OK" next to a failed check:
    // at least the signals whose upstream failed did not answer.
    assert.match(
      await page.getByTestId('product-system:default/storefront').innerText(),
      /did not answer|no answer from the cluster/,
    );
    await browser.screenshot(page, 'cluster-fleet-tab-down');
  } finally {
    await setScenario('aws-use1-prod-01', { down: false });
  }
});

test('the storefront product says it would survive losing any one cloud', async () => {
  await openFleetTab('system/storefront');
  const readiness = page.getByTestId('readiness');
  await readiness.waitFor({ timeout: 30_000 });
  // The verdict follows the live state: right after an earlier test brought
  // aws back, its provider health check may still be failing, and the page
  // says so until it passes (the live page turns by itself).
  await readiness
    .getByText('Survives losing any one cloud')
    .waitFor({ timeout: 60_000 });
  assert.match(await readiness.innerText(), /data mode replicated/);
  await browser.screenshot(page, 'fleet-failover-readiness');
});

test('full page loads of the production build are fast, and React is quiet', async () => {
  const loads = await measurePageLoads(page, appUrl);
  // eslint-disable-next-line no-console
  console.log(
    `full page loads (${loads.count}, warm): p50 ${loads.p50} ms, p95 ${
      loads.p95
    } ms, max ${loads.max} ms; by page ${JSON.stringify(loads.byPage)}`,
  );
  // The budget is 2 s a page (quiet machine: p50 1.3 s, p95 2.5 s). Here the
  // browser, the portal, the whole demo fleet and, in CI, nothing else share
  // two cores, so the test holds the median to 3 s (the development server
  // this replaced took 10-14 s) and reports the rest.
  assert.ok(loads.p50 <= 3000, `p50 ${loads.p50} ms is over 3 s`);
  assert.deepEqual(reactWarnings, []);
});

test('the fleet overview lists storefront on every cluster and flags version drift', async () => {
  await page.goto(appUrl);
  // Reached from the sidebar, as a person would.
  await page
    .getByRole('link', { name: 'Fleet' })
    .first()
    .click({ timeout: 60_000 });
  const product = page.getByTestId('product-storefront');
  await product.waitFor({ timeout: 60_000 });
  assert.match(
    await product.getByTestId('drift').innerText(),
    /Same everywhere/,
  );
  // Each cluster's share of the storefront's entry point, from the traffic column.
  assert.match(
    await product.getByTestId('share-gcp-euw1-prod-01').innerText(),
    /\d+% of traffic/,
  );
  // Each cluster's evacuation is one click away.
  assert.equal(
    await page.getByTestId('evacuate-gcp-euw1-prod-01').getAttribute('href'),
    '/catalog/default/resource/gcp-euw1-prod-01/evacuate',
  );
  await setScenario('azure-eastus-prod-01', { degraded: true });
  try {
    // Cells are cached for 15 s; the page refreshes itself, a reload is quicker.
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.reload();
      await product.waitFor({ timeout: 30_000 });
      if (/Drift/.test(await product.getByTestId('drift').innerText())) break;
      if (Date.now() > deadline)
        throw new Error('drift never showed on the overview');
      await page.waitForTimeout(3000);
    }
    assert.match(
      await product.getByTestId('drift').innerText(),
      /azure-eastus-prod-01:/,
    );
    await browser.screenshot(page, 'fleet-overview-drift');
  } finally {
    await setScenario('azure-eastus-prod-01', { degraded: false });
  }
});

test('the overview stays usable at 300 products × 30 clusters (windowed rows, sticky product column)', async () => {
  // The embedded default runs one product on three clusters; the page is
  // given the real overview answer grown to the issue's size (every
  // product and cluster a copy of the real ones, problems spread), to see
  // the table in a real browser's layout.
  const scaled = await browser.context.newPage();
  await scaled.setViewportSize({ width: 1440, height: 900 });
  await scaled.route(/\/api\/fleet\/overview/, async route => {
    const real = await (await route.fetch()).json();
    const [cluster] = real.clusters;
    const clusters = Array.from({ length: 30 }, (_, index) => ({
      ...cluster,
      name: `cluster-${String(index).padStart(2, '0')}`,
      title: `Cluster ${String(index).padStart(2, '0')}`,
    }));
    const [product] = real.products;
    const sample = Object.values(product.cells)[0];
    const products = Array.from({ length: 300 }, (_, index) => {
      const name = `product-${String(index).padStart(3, '0')}`;
      return {
        ...product,
        entityRef: `system:default/${name}`,
        title: `Product ${String(index).padStart(3, '0')}`,
        cells: Object.fromEntries(
          clusters.map((one, at) => [
            one.name,
            {
              ...sample,
              status: (index + at) % 17 === 0 ? 'critical' : sample.status,
            },
          ]),
        ),
      };
    });
    await route.fulfill({
      json: {
        ...real,
        clusters,
        products,
        page: { total: 300, offset: 0, limit: 300 },
      },
    });
  });
  try {
    await scaled.goto(`${appUrl}/fleet?rows=300`);
    const first = scaled.getByTestId('product-product-000');
    await first.waitFor({ timeout: 60_000 });
    const rendered = () =>
      scaled.locator('[data-testid^="product-product-"]').count();
    const atTop = await rendered();
    assert.ok(atTop < 60, `${atTop} of 300 rows are in the page at the top`);
    await browser.screenshot(scaled, 'fleet-overview-300x30');
    // Scrolled halfway down: later rows come, the first ones go.
    const scroller = scaled.getByTestId('overview-scroll');
    await scroller.evaluate(element => {
      element.scrollTop = element.scrollHeight / 2;
    });
    const indexes = () =>
      scaled
        .locator('[data-testid^="product-product-"]')
        .evaluateAll(rows =>
          rows.map(row => Number(row.dataset.testid.slice(-3))),
        );
    const deadline = Date.now() + 10_000;
    let shown = await indexes();
    while (Math.min(...shown) < 100 && Date.now() < deadline) {
      await scaled.waitForTimeout(200);
      shown = await indexes();
    }
    assert.ok(
      Math.min(...shown) >= 100 && shown.length < 60,
      `rows in the page halfway down: ${shown.join(', ')}`,
    );
    assert.equal(await first.count(), 0);
    // Scrolled to the right: the product column stays in view.
    await scroller.evaluate(element => {
      element.scrollLeft = element.scrollWidth;
    });
    const productCell = scaled
      .locator('[data-testid^="product-product-"] td')
      .first();
    const box = await productCell.boundingBox();
    const frame = await scroller.boundingBox();
    assert.ok(
      box && frame && Math.abs(box.x - frame.x) < 2,
      `the product column left the view (${box?.x} vs ${frame?.x})`,
    );
    await browser.screenshot(scaled, 'fleet-overview-300x30-scrolled');
  } finally {
    await scaled.close();
  }
});

async function previewUntilAllowed() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page
      .getByTestId(/^check-cooldown-(pass|fail)$/)
      .waitFor({ timeout: 30_000 });
    // Settled and passing: the same answer twice, a second apart (right
    // after "Preview again" the old checks can still be on the page).
    const passing = async () =>
      (await page.getByTestId(/^check-cooldown-pass$/).count()) === 1 &&
      (await page.locator('[data-testid$="-fail"]').count()) === 0;
    if (await passing()) {
      await page.waitForTimeout(1000);
      if (await passing()) return;
    }
    if (Date.now() > deadline) throw new Error('the preview never passed');
    await page.waitForTimeout(3000);
    await page.getByTestId('preview-again').click();
  }
}

test('drains a cluster from the failover panel, sees the share move and the history, and restores it', async () => {
  await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
  const gcpShare = page.getByTestId('traffic-share-gcp-euw1-prod-01');
  await gcpShare.waitFor({ timeout: 60_000 });
  assert.match(await gcpShare.innerText(), /33%/);
  await assertTableFits(
    page.getByTestId('traffic-row-gcp-euw1-prod-01'),
    'the Failover table',
  );

  await page.getByTestId('drain-gcp-euw1-prod-01').click();
  // The preview lists every safety check before anything is applied. The
  // fleet view may still hold the previous test's degraded azure (cached for
  // 15 s), which the rules rightly refuse: preview again until it clears.
  await previewUntilAllowed();
  assert.match(
    await page.getByTestId('preview-weight-gcp-euw1-prod-01').innerText(),
    /^1 → 0$/,
  );
  const apply = page.getByTestId('confirm-apply');
  assert.equal(await apply.isDisabled(), true, 'no reason, no apply');
  await page.getByTestId('reason-input').fill('game day: drain gcp');
  await browser.screenshot(page, 'failover-preview');
  await apply.click();

  await page
    .getByTestId('restore-gcp-euw1-prod-01')
    .waitFor({ timeout: 30_000 });
  assert.match(await gcpShare.innerText(), /0%/);
  assert.match(
    await page.getByTestId('traffic-share-aws-use1-prod-01').innerText(),
    /50%/,
  );
  // People by display name (the catalog's, loaded after the ref is shown).
  await page
    .getByTestId('drain-info-gcp-euw1-prod-01')
    .getByRole('link', { name: 'Guest (Storefront)' })
    .waitFor({ timeout: 30_000 });
  assert.match(
    await page.getByTestId('drain-info-gcp-euw1-prod-01').innerText(),
    /Drained by Guest \(Storefront\): game day: drain gcp/,
  );
  const first = page.getByTestId('history-row').first();
  assert.match(await first.innerText(), /drain gcp-euw1-prod-01/);
  assert.match(await first.innerText(), /applied/);
  // People by display name, linked; times relative, the exact one on hover.
  assert.match(
    await page
      .getByTestId('drain-info-gcp-euw1-prod-01')
      .getByRole('link', { name: 'Guest (Storefront)' })
      .getAttribute('href'),
    /\/catalog\/default\/user\/guest$/,
  );
  assert.match(await first.innerText(), /just now|\d+ s ago/);
  await browser.screenshot(page, 'failover-drained');
  // The drained state links to the runbook section that restores it.
  assert.match(
    await page
      .getByTestId('runbook-drain-gcp-euw1-prod-01')
      .getAttribute('href'),
    /\/docs\/default\/system\/trinity\/runbooks\/cluster-down\/#restore$/,
  );

  // While gcp is drained, the product is not ready to lose another cloud,
  // and its Fleet tab says why.
  await openFleetTab('system/storefront');
  await page
    .getByTestId('readiness')
    .getByText(/gcp-euw1-prod-01 takes no traffic \(drained/)
    .waitFor({ timeout: 30_000 });
  assert.match(
    await page.getByTestId('readiness').innerText(),
    /Would not survive losing a cloud/,
  );
  await browser.screenshot(page, 'fleet-readiness-drained');
  // And the home page lists the drain, linking the Failover tab.
  await page.goto(appUrl);
  const drained = page.getByTestId('fleet-now-drained');
  await drained
    .getByText(/Storefront\s+on GCP europe-west1 production 01/)
    .waitFor({ timeout: 30_000 });
  assert.match(
    await drained
      .getByRole('link', { name: 'Storefront' })
      .getAttribute('href'),
    /\/catalog\/default\/system\/storefront\/failover$/,
  );
  await browser.screenshot(page, 'home-drained');
  await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);

  // Restored within the 60 s anti-flap window: it is the drain's rollback,
  // not a flap, and the check says so.
  await page.getByTestId('restore-gcp-euw1-prod-01').click();
  await page.getByTestId('reason-input').fill('game day over');
  await previewUntilAllowed();
  assert.match(
    await page.getByTestId('check-cooldown-pass').innerText(),
    /gcp-euw1-prod-01 changed \d+ s ago; this restores what that drain took \(a rollback, allowed\)/,
  );
  await browser.screenshot(page, 'failover-rollback-allowed');
  await page.getByTestId('confirm-apply').click();
  await page.getByTestId('drain-gcp-euw1-prod-01').waitFor({ timeout: 30_000 });
  assert.match(await gcpShare.innerText(), /33%/);
});

test('pauses and resumes Argo CD auto-sync on one cluster from the failover panel', async () => {
  await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
  const pause = page.getByTestId('pause-sync-azure-eastus-prod-01');
  await pause.waitFor({ timeout: 60_000 });
  await pause.click();
  await page.getByTestId('sync-reason-input').fill('bad release: hold azure');
  await page.getByTestId('confirm-sync').click();
  const resume = page.getByTestId('resume-sync-azure-eastus-prod-01');
  await resume.waitFor({ timeout: 30_000 });
  assert.match(
    await page.getByTestId('sync-row-azure-eastus-prod-01').innerText(),
    /paused/,
  );
  assert.match(
    await page.getByTestId('sync-row-aws-use1-prod-01').innerText(),
    /\bon\b/,
  );
  // The history comes with the entry point's view, refreshed apart from
  // the auto-sync card: wait for it to show the pause on top.
  await page
    .getByTestId('history-row')
    .first()
    .filter({ hasText: 'sync-pause azure-eastus-prod-01' })
    .waitFor({ timeout: 30_000 });
  await browser.screenshot(page, 'failover-auto-sync-paused');
  await resume.click();
  await page.getByTestId('sync-reason-input').fill('fixed');
  await page.getByTestId('confirm-sync').click();
  await pause.waitFor({ timeout: 30_000 });
});

test('promotes storefront-api from ring 0 to ring 1 (a pull request on the Forge page) and aborts a canary', async () => {
  const failover = `${appUrl}/catalog/default/system/storefront/failover`;
  await page.goto(failover);
  // The infra repo has 0.2.0 on ring-0 (gcp), where Argo CD reports it
  // Synced and Healthy: the Releases card offers ring-1.
  // The card asks again every 15 s: no reload (a reload mid-start of the
  // app is what a user does not do either).
  const promote = page.getByTestId('promote-storefront-api');
  await promote.waitFor({ timeout: 60_000 });
  await eventually(
    () => promote.isEnabled(),
    'storefront-api ready to promote to ring-1',
    90_000,
  );
  assert.match(
    await page.getByTestId('promotion-storefront-api').innerText(),
    /0\.2\.0: ring-0 → ring-1/,
  );
  await promote.click();
  await page.getByTestId('release-reason-input').fill('canary passed on gcp');
  await page.getByTestId('confirm-release').click();
  await page
    .getByTestId('release-pull-requests')
    .getByText('Promote storefront-api 0.2.0 to ring-1')
    .waitFor({ timeout: 30_000 });
  await page
    .getByTestId('history-row')
    .first()
    .filter({ hasText: 'promote' })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('release-row-storefront-api').scrollIntoViewIfNeeded();
  await browser.screenshot(page, 'failover-releases-promoted');
  // For the infra repo's reviewers, on the Forge page.
  await page.goto(`${appUrl}/forge`);
  await page
    .getByRole('row')
    .filter({ hasText: 'Promote storefront-api 0.2.0 to ring-1' })
    .first()
    .waitFor({ timeout: 30_000 });

  // A canary on gcp, aborted from the card through Argo CD's action.
  await setScenario('gcp-euw1-prod-01', { canary: true });
  try {
    await page.goto(failover);
    const abort = page.getByTestId('abort-storefront-api-gcp-euw1-prod-01');
    // Argo CD reports the canary at once; the card's next answer shows it.
    await abort.waitFor({ timeout: 60_000 });
    await page
      .getByTestId('release-row-storefront-api')
      .scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'failover-releases-canary');
    await abort.click();
    await page.getByTestId('release-reason-input').fill('errors on checkout');
    await page.getByTestId('confirm-release').click();
    await page
      .getByTestId('action-notice')
      .filter({
        hasText: /canary of storefront-api on gcp-euw1-prod-01 aborted/,
      })
      .waitFor({ timeout: 30_000 });
    await eventually(
      async () =>
        /Degraded/.test(
          await page
            .getByTestId('release-storefront-api-gcp-euw1-prod-01')
            .innerText(),
        ),
      'the aborted Rollout Degraded in Argo CD',
      60_000,
    );
    await page
      .getByTestId('release-row-storefront-api')
      .scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'failover-releases-aborted');
  } finally {
    await setScenario('gcp-euw1-prod-01', { canary: false });
  }
});

/** Fills and runs the new-product wizard; returns when the task has finished. */
/**
 * Signs in as one of the embedded default's identities (guest,
 * development-payments, development-platform) from the sign-in page.
 */
async function signInAs(provider) {
  // The identity lives in the page; a reload without the remembered
  // provider shows the sign-in page again. Wait for the remembered one to
  // finish signing in first: it writes the key again when it does.
  await page.goto(appUrl);
  await page.getByText('What Trinity is for').waitFor({ timeout: 60_000 });
  await page.evaluate(() =>
    localStorage.removeItem('trinity:sign-in:provider'),
  );
  await page.goto(appUrl);
  await page.getByTestId(`sign-in-${provider}`).waitFor({ timeout: 60_000 });
  await browser.screenshot(page, 'sign-in-identities');
  await page.getByTestId(`sign-in-${provider}`).click();
  await page.getByText('What Trinity is for').waitFor({ timeout: 60_000 });
}

async function createProduct({ name, title, team, hostname, uncheck = [] }) {
  await page.goto(`${appUrl}/create/templates/default/new-product`);
  const nameField = page.getByTestId('trinity-product-name');
  await nameField.waitFor({ timeout: 60_000 });
  await nameField.fill(name);
  await page.getByLabel('Display name').fill(title);
  await page
    .getByLabel('Description')
    .fill(`${title}, created by the browser test.`);
  // The wizard offers only the user's own teams; with one, it is chosen.
  const owner = page.locator('#OwnershipEntityRefPicker-dropdown');
  await owner.waitFor({ timeout: 30_000 });
  for (let i = 0; i < 50 && !(await owner.inputValue()); i++) {
    await page.waitForTimeout(200);
  }
  if (!(await owner.isDisabled())) {
    await owner.click();
    await owner.fill(team);
    await page
      .getByRole('option', { name: new RegExp(team) })
      .first()
      .click();
  }
  assert.match(await owner.inputValue(), new RegExp(team));
  await page.getByRole('button', { name: 'Next' }).click();
  const hostnameField = page.getByTestId('trinity-hostname');
  await hostnameField.fill('shop.example.com');
  await page.getByText('must be inside *.trinity.example').waitFor();
  await hostnameField.fill(hostname);
  for (const cluster of uncheck) {
    await page.getByRole('checkbox', { name: new RegExp(cluster) }).uncheck();
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page
    .getByRole('link', { name: /open in catalog/i })
    .waitFor({ timeout: 120_000 });
}

/** The records PowerDNS holds for storefront's entry point, from its own API. */
async function shopRecords() {
  const res = await fetch(
    'http://127.0.0.1:7140/api/v1/servers/localhost/zones/trinity.example.',
    { headers: { 'X-API-Key': 'demo-fleet-pdns-key' } },
  );
  assert.equal(res.status, 200);
  const zone = await res.json();
  return JSON.stringify(
    zone.rrsets.filter(r => r.name === 'shop.trinity.example.'),
  );
}

test("a member of another team sees storefront's Failover tab but cannot move its traffic", async () => {
  const before = await shopRecords();
  await signInAs('development-payments');
  try {
    await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
    const notice = page.getByTestId('permission-denied');
    await notice.waitFor({ timeout: 60_000 });
    assert.match(
      await notice.innerText(),
      /only members of team-storefront, the on-call group and platform admins may shift the traffic of Storefront/,
    );
    assert.equal(
      await page.getByTestId('drain-gcp-euw1-prod-01').isDisabled(),
      true,
    );
    assert.equal(
      await page.getByTestId('pause-sync-azure-eastus-prod-01').isDisabled(),
      true,
    );
    await browser.screenshot(page, 'failover-refused-other-team');

    // The backend refuses her too, whatever the page shows: her own token,
    // a drain sent straight to the API.
    const session = await (
      await fetch(`${backendUrl}/api/auth/development-payments/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json();
    assert.equal(
      session.backstageIdentity.identity.userEntityRef,
      'user:default/priya.nair',
    );
    const drain = await fetch(
      `${backendUrl}/api/traffic/entities/system/default/storefront/actions`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${session.backstageIdentity.token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `e2e-other-team-${Date.now()}`,
        },
        body: JSON.stringify({
          kind: 'drain',
          cluster: 'gcp-euw1-prod-01',
          reason: 'not my product',
        }),
      },
    );
    assert.equal(drain.status, 403);
    assert.match((await drain.json()).error.message, /team-storefront/);
    assert.equal(await shopRecords(), before, 'PowerDNS records unchanged');
  } finally {
    // The tests after this one are the guest's.
    await signInAs('guest');
  }
});

// After the traffic tests: a real Prometheus remembers the burn for its
// 1h window after the scenario ends, and the drain tests' safety checks
// (rightly) refuse to send traffic to a cluster that burns.
test('a burning cluster shows a critical SLO cell with its runbook', async () => {
  const sloCritical = () =>
    row('gcp-euw1-prod-01').locator(
      '[data-column="slo"] [data-testid="cell-critical"]',
    );
  await setScenario('gcp-euw1-prod-01', { burning: true });
  const started = Date.now();
  try {
    // The burn comes from the cluster's real Prometheus: a page needs the
    // 1h window above 14.4x the budget, which 60 % errors reach after ~85 s
    // (0.6 t / 3600 > 0.0144), plus a scrape, an evaluation and the 15 s
    // cell cache.
    const deadline = Date.now() + 180_000;
    for (;;) {
      await openFleetTab('system/storefront');
      // The SLO column's cell: with live pages the Traffic cell (its health
      // check fails while the web answers 503s) can turn critical first.
      if ((await sloCritical().count()) > 0) break;
      if (Date.now() > deadline)
        throw new Error('the burn never showed on the Fleet tab');
      await page.waitForTimeout(3000);
    }
    // eslint-disable-next-line no-console
    console.log(
      `burning=true → page on the Fleet tab after ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
    const cell = sloCritical();
    assert.match(
      await cell.innerText(),
      /burning \d+(\.\d)?x over 1h and \d+(\.\d)?x over 5m/,
    );
    assert.ok(await cell.getByRole('link', { name: 'Runbook' }).isVisible());
    await browser.screenshot(page, 'fleet-burning-cluster');
    assert.match(
      await page.getByTestId('readiness').innerText(),
      /gcp-euw1-prod-01: slo critical/,
    );

    // The drain dialog uses the same verdict: draining aws would send its
    // share to gcp, which burns.
    await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
    await page.getByTestId('drain-aws-use1-prod-01').click();
    const burningCheck = page.getByTestId('check-receivers-not-burning-fail');
    await burningCheck.waitFor({ timeout: 30_000 });
    assert.match(
      await burningCheck.innerText(),
      /gcp-euw1-prod-01 burns at page level/,
    );
    await browser.screenshot(page, 'failover-receiver-burning');
    await page.keyboard.press('Escape');
  } finally {
    await setScenario('gcp-euw1-prod-01', { burning: false });
  }
});

test('the new-product wizard shows bad input next to its field and refuses it', async () => {
  await page.goto(`${appUrl}/create/templates/default/new-product`);
  const nameField = page.getByTestId('trinity-product-name');
  await nameField.waitFor({ timeout: 60_000 });
  await nameField.fill('Wallet!');
  await page.getByText(/must be a DNS label/).waitFor();
  await nameField.fill('kube-system');
  await page.getByText(/reserved by the platform/).waitFor();
  await nameField.fill('storefront');
  await page.getByText(/already in the catalog/).waitFor();
  await browser.screenshot(page, 'create-product-name-taken');
  // The step does not advance with a taken name.
  await page.getByLabel('Display name').fill('Storefront again');
  await page.getByLabel('Description').fill('Should not be created.');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForTimeout(500);
  assert.equal(await page.getByLabel(/Public hostname/).count(), 0);
});

test('creates a product: repository, infra pull request with its tenant, and a catalog entity with its clusters', async () => {
  // The guest creates it for the one team the wizard offers: its own.
  await createProduct({
    name: 'giftcard',
    title: 'Gift cards',
    team: 'Storefront',
    hostname: 'gift.trinity.example',
    uncheck: ['Azure'],
  });
  await browser.screenshot(page, 'create-product-done');

  // The infra pull request holds the tenant on the two chosen clusters.
  // The task page opens links in a new tab; follow the address here.
  const prUrl = await page
    .getByRole('link', { name: /infra pull request/i })
    .getAttribute('href');
  assert.match(prUrl, /\/forge\/platform\/infra\/pulls\/\d+$/);
  await page.goto(prUrl);
  await page.getByTestId('forge-diff').waitFor({ timeout: 30_000 });
  const pr = await page.locator('main').innerText();
  for (const file of [
    'tenants/giftcard/base/network-policies.yaml',
    'tenants/giftcard/clusters/aws-use1-prod-01/kustomization.yaml',
    'tenants/giftcard/clusters/gcp-euw1-prod-01/kustomization.yaml',
    'tenants/giftcard/management/entrypoint.yaml',
    'argocd/projects/team-storefront.yaml',
  ]) {
    assert.ok(pr.includes(file), `the pull request changes ${file}`);
  }
  assert.ok(!pr.includes('tenants/giftcard/clusters/azure-eastus-prod-01'));
  // Each file name leads to its own part of the diff, added lines in green.
  const entrypoint = page.locator(
    '#file-tenants-giftcard-management-entrypoint-yaml',
  );
  assert.match(await entrypoint.innerText(), /gift\.trinity\.example/);
  assert.equal(
    await page
      .getByRole('link', {
        name: 'tenants/giftcard/management/entrypoint.yaml',
      })
      .getAttribute('href'),
    '#file-tenants-giftcard-management-entrypoint-yaml',
  );
  assert.equal(
    await entrypoint
      // An added line: "+", not the "+++ b/…" header.
      .locator('div', { hasText: /^\+(?!\+\+)/ })
      .first()
      .evaluate(line => getComputedStyle(line).backgroundColor),
    'rgb(230, 255, 236)',
  );
  await browser.screenshot(page, 'create-product-infra-pull-request');

  // The product repository exists with its services and docs.
  await page.goto(`${appUrl}/forge/team-storefront/giftcard`);
  const files = await page
    .getByTestId('forge-files')
    .innerText({ timeout: 30_000 });
  for (const file of [
    'catalog-info.yaml',
    'docs/runbook.md',
    'services/giftcard-api/src/server.ts',
    'services/giftcard-web/deploy/overlays/gcp/kustomization.yaml',
  ]) {
    assert.ok(files.includes(file), `the repository has ${file}`);
  }
  // A file name opens the file, at the address the catalog holds for it.
  await page
    .getByTestId('forge-files')
    .getByRole('link', { name: 'catalog-info.yaml', exact: true })
    .click();
  await page.getByTestId('forge-file').waitFor({ timeout: 30_000 });
  assert.match(
    page.url(),
    /\/forge\/team-storefront\/giftcard\/blob\/main\/catalog-info\.yaml$/,
  );
  assert.match(
    await page.getByTestId('forge-file').innerText(),
    /kind: System/,
  );
  await browser.screenshot(page, 'forge-file');

  // The entity is in the catalog; until its tenant is merged, its Fleet and
  // Failover tabs say what they wait for (and link it) instead of Unknown
  // cells and 0 % traffic warnings.
  await page.goto(`${appUrl}/catalog/default/system/giftcard/fleet`);
  const waiting = page.getByTestId('awaiting-infra');
  await waiting.waitFor({ timeout: 30_000 });
  const notice = await waiting.innerText();
  assert.match(notice, /giftcard is waiting for its infra pull request/);
  assert.match(notice, /runs on aws-use1-prod-01 and gcp-euw1-prod-01 once/);
  assert.equal(
    await waiting.getByRole('link').getAttribute('href'),
    new URL(prUrl).pathname,
  );
  assert.equal(await page.getByTestId(/^cell-/).count(), 0);
  await browser.screenshot(page, 'create-product-fleet-tab');
  await page.goto(`${appUrl}/catalog/default/system/giftcard/failover`);
  await page.getByTestId('awaiting-infra').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByText(/0 ?%/).count(), 0);
  await browser.screenshot(page, 'create-product-failover-waiting');

  // Its docs build from its repository on the forge (read through the
  // forge's UrlReader, not refused by backend.reading.allow).
  await page.goto(`${appUrl}/docs/default/system/giftcard`);
  await page
    .getByRole('heading', { name: 'Gift cards' })
    .first()
    .waitFor({ timeout: 180_000 });
  assert.equal(await page.getByText(/reading\.allow/).count(), 0);
  await browser.screenshot(page, 'create-product-docs');
});

test('running new-product again for the same product updates its open pull request', async () => {
  await createProduct({
    name: 'giftcard',
    title: 'Gift cards',
    team: 'Storefront',
    hostname: 'cards.trinity.example',
    uncheck: ['Azure'],
  });
  // The Forge page is in the sidebar.
  await page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Forge' })
    .click();
  const rows = page.getByRole('row', { name: /Add product giftcard/ });
  await rows.first().waitFor({ timeout: 30_000 });
  assert.equal(await rows.count(), 1, 'one pull request, updated');
  await rows.first().getByRole('link').click();
  await page.getByTestId('forge-diff').waitFor({ timeout: 30_000 });
  assert.match(
    await page.getByTestId('forge-diff').innerText(),
    /cards\.trinity\.example/,
  );
});

test('the guest may not merge its own tenant; a platform admin reviews and merges it', async () => {
  await page.goto(`${appUrl}/forge`);
  const tenantPr = page
    .getByRole('row')
    .filter({ hasText: 'Add product giftcard' });
  await tenantPr.first().waitFor({ timeout: 30_000 });
  await tenantPr.first().getByRole('link').click();
  const prUrl = page.url();
  await page.getByTestId('forge-merge').click();
  await page
    .getByTestId('forge-merge-error')
    .getByText(/only platform admins merge pull requests to platform\/infra/)
    .waitFor({ timeout: 30_000 });
  await browser.screenshot(page, 'forge-merge-refused');

  // Amara, a platform admin who did not write it, merges it.
  await signInAs('development-platform');
  await page.goto(prUrl);
  await page.getByTestId('forge-merge').click();
  await page.getByText(/, merged, updated/).waitFor({ timeout: 30_000 });
  await signInAs('guest');

  // GitOps, played: the demo fleet syncs the merged tenant — giftcard's
  // services, from its repository, serve on aws and gcp behind its entry
  // point, and its Fleet tab fills with what they report.
  const merged = Date.now();
  const page0 = await eventually(
    async () => {
      const answer = await ingressGet('127.0.0.11', 'cards.trinity.example');
      return answer.status === 200 && answer;
    },
    'giftcard serving on aws',
    60_000,
  );
  assert.match(page0.body, /<title>Gift cards<\/title>/);
  assert.match(
    page0.body,
    /Page served by <strong id="web-cluster">aws-use1-prod-01/,
  );
  assert.equal(
    (await ingressGet('127.0.0.13', 'cards.trinity.example')).status,
    404,
    'not on azure: the tenant has no overlay there',
  );
  let lastRow = '';
  await eventually(
    async () => {
      await openFleetTab('system/giftcard');
      const aws = row('aws-use1-prod-01');
      await aws
        .getByTestId(/^cell-/)
        .first()
        .waitFor({ timeout: 30_000 });
      lastRow = await aws.innerText();
      // What the sync runs: its applications, its workloads, its SLOs.
      for (const column of ['argocd', 'workloads', 'slo']) {
        const cell = aws.locator(`[data-column="${column}"]`);
        if (
          (await cell.getByTestId(/^cell-(unknown|error)$/).count()) > 0 ||
          (await cell.getByTestId(/^cell-/).count()) === 0
        )
          return false;
      }
      return true;
    },
    "giftcard's applications, workloads and SLOs known on aws",
    120_000,
  ).catch(error => {
    throw new Error(`${error.message}; the row said: ${lastRow}`);
  });
  // eslint-disable-next-line no-console
  console.log(
    `merge → giftcard's applications, workloads and SLOs known on aws after ${Math.round(
      (Date.now() - merged) / 1000,
    )} s`,
  );
  await browser.screenshot(page, 'gitops-merged-product-fleet-tab');
});

test('adds a service to a product: a pull request to its repository and one to the infra repo', async () => {
  await page.goto(`${appUrl}/create/templates/default/new-service`);
  const product = page.locator('#root_product');
  await product.waitFor({ timeout: 60_000 });
  await product.click();
  // The picker shows products by their display name.
  await product.fill('Gift');
  await page.getByRole('option', { name: /gift/i }).first().click();
  // The name is checked as it is typed, against the product's own services.
  const nameField = page.getByTestId('trinity-service-name');
  await nameField.fill('web');
  await page.getByText(/"giftcard-web" is already in the catalog/).waitFor();
  await nameField.fill('search');
  await page.getByText('The service will be giftcard-search.').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page
    .getByRole('link', { name: /product pull request/i })
    .waitFor({ timeout: 120_000 });
  await browser.screenshot(page, 'create-service-done');

  const prUrl = await page
    .getByRole('link', { name: /infra pull request/i })
    .getAttribute('href');
  await page.goto(prUrl);
  await page.getByTestId('forge-diff').waitFor({ timeout: 30_000 });
  const infra = await page.locator('main').innerText();
  for (const file of [
    'tenants/giftcard/base/giftcard-search.yaml',
    'tenants/giftcard/base/kustomization.yaml',
    'tenants/giftcard/services/giftcard-search.yaml',
  ]) {
    assert.ok(infra.includes(file), `the infra pull request changes ${file}`);
  }
  await browser.screenshot(page, 'create-service-infra-pull-request');

  await page.goto(`${appUrl}/forge`);
  const productPr = page
    .getByRole('row')
    .filter({ hasText: 'team-storefront/giftcard' })
    .filter({ hasText: 'Add service giftcard-search' });
  await productPr.first().waitFor({ timeout: 30_000 });
  await productPr.first().getByRole('link').click();
  await page.getByTestId('forge-diff').waitFor({ timeout: 30_000 });
  const diff = await page.getByTestId('forge-diff').innerText();
  assert.match(diff, /services\/giftcard-search\/catalog-info\.yaml/);
  assert.match(
    diff,
    /trinity\.io\/sloth-service: '?giftcard-web,giftcard-api,giftcard-search/,
  );
});

test('on-call rehearses and evacuates gcp, sees the run and the share move, and returns traffic; an owner is refused', async () => {
  const evacuatePage = `${appUrl}/catalog/default/resource/gcp-euw1-prod-01/evacuate`;
  const share = () =>
    page.getByTestId('traffic-share-gcp-euw1-prod-01').innerText();
  /** Opens a dialog, gives a reason (and the cluster's name), submits it. */
  const start = async (button, reason, confirm) => {
    await page.getByTestId(button).click();
    await page.getByTestId('evacuation-reason').fill(reason);
    if (confirm) await page.getByTestId('evacuation-confirm').fill(confirm);
    await page.getByTestId('evacuation-submit').click();
  };

  // The guest owns storefront, and may not move every product at once.
  await page.goto(evacuatePage);
  await page
    .getByTestId('plan-shop.trinity.example')
    .waitFor({ timeout: 60_000 });
  await start('rehearse-button', 'trying');
  await page
    .getByTestId('evacuation-error')
    .getByText(/only platform on-call and platform admins may evacuate/)
    .waitFor({ timeout: 30_000 });
  await browser.screenshot(page, 'evacuate-refused-owner');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await signInAs('development-platform');
  try {
    await page.goto(evacuatePage);
    await page
      .getByTestId('plan-shop.trinity.example')
      .waitFor({ timeout: 60_000 });
    await browser.screenshot(page, 'evacuate-plan');

    // A rehearsal: recorded, predicted, nothing moved.
    await start('rehearse-button', 'game day rehearsal');
    await page
      .getByTestId('run-rehearsal-rehearsed')
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByTestId('step-entry:shop.trinity.example')
      .getByTestId('step-status-predicted')
      .waitFor();
    assert.match(
      await page.getByTestId('rehearsal-state').innerText(),
      /Last rehearsed/,
    );

    // The run: the name typed again; its steps fill in as they happen.
    await start('evacuate-button', 'game day: gcp is lost', 'gcp-euw1-prod-01');
    await page
      .getByTestId('run-run-completed')
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByTestId('step-verify')
      .getByTestId('step-status-verified')
      .waitFor();
    await page
      .getByTestId('step-freeze')
      .getByTestId('step-status-applied')
      .waitFor();
    // Its recovery, measured on the living fleet: the run asked the real
    // PowerDNS until no answer was gcp, and the background task then saw
    // storefront's SLO OK on aws and azure (it looks every 15 s).
    const times = page.getByTestId('run-times').first();
    await times.getByText(/SLOs OK in/).waitFor({ timeout: 60_000 });
    const recovery = await times.innerText();
    assert.match(
      recovery,
      /provider clear in \d+\.\d s · DNS clear in \d+\.\d s · SLOs OK in \d+\.\d s/,
    );
    // eslint-disable-next-line no-console
    console.log(`evacuation of gcp on the living fleet: ${recovery}`);
    await browser.screenshot(page, 'evacuate-run');

    await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
    await page
      .getByTestId('traffic-share-gcp-euw1-prod-01')
      .waitFor({ timeout: 60_000 });
    assert.match(await share(), /0%/);
    // In the product's history: the drain and the freeze, by the run.
    await page
      .getByTestId('history-row')
      .filter({ hasText: /drain gcp-euw1-prod-01/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await page
      .getByTestId('history-row')
      .filter({ hasText: /sync-pause gcp-euw1-prod-01/ })
      .first()
      .waitFor({ timeout: 10_000 });

    // Return traffic: exactly what the run changed, and the freeze undone.
    await page.goto(evacuatePage);
    await page.getByTestId('run-run-completed').first().click();
    await start('return-button', 'gcp is back');
    await page
      .getByTestId('run-return-completed')
      .first()
      .waitFor({ timeout: 60_000 });
    await browser.screenshot(page, 'evacuate-returned');
    await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
    await page
      .getByTestId('traffic-share-gcp-euw1-prod-01')
      .waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await share(), /^0%/);
  } finally {
    await signInAs('guest');
  }
});

test("the portal's docs and a runbook render inside the portal", async () => {
  // Built by the local MkDocs on first view (the start command installs it).
  await page.goto(`${appUrl}/docs/default/system/trinity`);
  await page
    .getByRole('heading', { name: 'Who uses it, and for what' })
    .waitFor({ timeout: 180_000 });
  await browser.screenshot(page, 'docs-overview');

  await page.goto(`${appUrl}/docs/default/system/trinity/runbooks/game-day/`);
  await page
    .getByRole('heading', {
      name: 'Runbook: game day and disaster-recovery drill',
    })
    .waitFor({ timeout: 60_000 });
  await page
    .getByRole('heading', { name: 'Against the real clusters' })
    .waitFor();
  await browser.screenshot(page, 'docs-runbook-game-day');

  // A product's own docs: storefront's, rendered from the product skeleton.
  await page.goto(`${appUrl}/docs/default/system/storefront/runbook/`);
  await page
    .getByRole('heading', { name: 'Storefront runbook' })
    .waitFor({ timeout: 180_000 });
  await browser.screenshot(page, 'docs-storefront-runbook');
});

test('every page fits at 1440×900 and 1024×768: nothing wider than the window, no table cut off', async () => {
  const pages = [
    ...measuredPages,
    {
      name: 'cluster fleet',
      path: '/catalog/default/resource/gcp-euw1-prod-01/fleet',
      ready: at => at.getByTestId('cluster-status'),
    },
    {
      name: 'evacuate',
      path: '/catalog/default/resource/gcp-euw1-prod-01/evacuate',
      ready: at => at.getByTestId('plan-shop.trinity.example'),
    },
    {
      name: 'runbook',
      path: '/docs/default/system/trinity/runbooks/cluster-down/',
      ready: at => at.getByRole('heading', { name: /Runbook/ }).first(),
    },
  ];
  const overflowing = [];
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ]) {
    await page.setViewportSize({ width, height });
    for (const entry of pages) {
      await page.goto(`${appUrl}${entry.path}`);
      await entry.ready(page).waitFor({ timeout: 120_000 });
      await page.waitForTimeout(500);
      await browser.screenshot(
        page,
        `fit-${entry.name.replace(/\s+/g, '-')}-${width}`,
      );
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      if (wide > 1) overflowing.push(`${entry.name} at ${width}: ${wide} px`);
      // Nor a table wider than what holds it: its last columns would be cut
      // off at a card's edge, behind a scrollbar a reader may not see. Not
      // checked: Backstage's own catalog list, a scroll area by design
      // (its columns are the catalog plugin's).
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll('table')]
          .map(table => ({
            name: table.getAttribute('aria-label') ?? 'a table',
            over:
              table.getBoundingClientRect().width -
              table.parentElement.getBoundingClientRect().width,
          }))
          .filter(table => table.over > 1)
          .map(table => `${table.name}, ${Math.round(table.over)} px`),
      );
      for (const table of entry.name === 'catalog' ? [] : cut) {
        overflowing.push(`${entry.name} at ${width}: ${table} cut off`);
      }
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(overflowing, []);
});

test('no React development warning appeared in the console during the run', () => {
  assert.deepEqual(reactWarnings, []);
});
