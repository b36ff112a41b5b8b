// Full page loads as a person meets them: a fresh navigation (new document,
// bundle from the browser cache, like a reload) until the page's own content
// is on screen, not just the shell. The browser test reports p50/p95 and
// holds them to the budget; the README's figures come from its log.

/** The pages and what on each says it has loaded. */
export const measuredPages = [
  {
    name: 'home',
    path: '/',
    ready: page => page.getByText('What Trinity is for'),
  },
  {
    name: 'catalog',
    path: '/catalog',
    ready: page => page.getByRole('link', { name: 'Storefront API' }),
  },
  {
    name: 'component',
    path: '/catalog/default/component/storefront-api',
    ready: page => page.getByRole('heading', { name: 'Storefront API' }),
  },
  {
    name: 'product fleet',
    path: '/catalog/default/system/storefront/fleet',
    ready: page => page.getByTestId('readiness'),
  },
  {
    name: 'failover',
    path: '/catalog/default/system/storefront/failover',
    ready: page => page.getByTestId('traffic-share-gcp-euw1-prod-01'),
  },
  {
    name: 'cluster',
    path: '/catalog/default/resource/gcp-euw1-prod-01',
    ready: page =>
      page.getByRole('heading', { name: 'GCP europe-west1 production 01' }),
  },
  {
    name: 'fleet overview',
    path: '/fleet',
    ready: page => page.getByTestId('product-storefront'),
  },
  {
    name: 'forge',
    path: '/forge',
    ready: page => page.getByRole('heading', { name: 'Forge' }).first(),
  },
  {
    name: 'create',
    path: '/create',
    ready: page => page.getByText('New product').first(),
  },
];

function percentile(sorted, fraction) {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

/**
 * Loads every page once to warm it, then `rounds` times each; returns the
 * milliseconds of each load by page and the p50/p95 over all of them.
 */
export async function measurePageLoads(page, appUrl, { rounds = 3 } = {}) {
  const byPage = {};
  const load = async ({ path, ready }) => {
    const started = Date.now();
    await page.goto(`${appUrl}${path}`);
    await ready(page).waitFor({ timeout: 60_000 });
    return Date.now() - started;
  };
  for (const entry of measuredPages) await load(entry);
  for (let round = 0; round < rounds; round++) {
    for (const entry of measuredPages) {
      (byPage[entry.name] ??= []).push(await load(entry));
    }
  }
  const all = Object.values(byPage)
    .flat()
    .sort((left, right) => left - right);
  return {
    byPage,
    count: all.length,
    p50: percentile(all, 0.5),
    p95: percentile(all, 0.95),
    max: all[all.length - 1],
  };
}
