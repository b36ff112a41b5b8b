import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FleetApi, FleetOverview } from '@internal/plugin-fleet-common';
import { fleetApiRef } from '../api';
import { OverviewPage } from './OverviewPage';
import { OVERSCAN, ROW_ESTIMATE } from './useWindowedRows';

const overview = (over: Partial<FleetOverview> = {}): FleetOverview => ({
  clusters: [
    {
      name: 'aws-1',
      title: 'AWS 1',
      provider: 'aws',
      region: 'us-east-1',
      upgradeRing: 'ring-0',
    },
  ],
  products: [
    {
      entityRef: 'system:default/bravo',
      title: 'Bravo',
      owner: 'group:default/team-b',
      cells: {
        'aws-1': {
          status: 'critical',
          revisions: ['abc1234'],
          summary: '1 signal needs attention',
          slo: 'critical',
        },
      },
      drift: false,
    },
  ],
  policyDrift: false,
  generatedAt: new Date().toISOString(),
  summary: {
    products: 120,
    critical: 3,
    warning: 0,
    unknown: 0,
    drift: 1,
    paging: 2,
    burning: 0,
  },
  page: { total: 120, offset: 0, limit: 50 },
  facets: {
    teams: ['group:default/team-a', 'group:default/team-b'],
    providers: ['aws', 'gcp'],
    rings: ['ring-0'],
  },
  ...over,
});

/** `products` products (p000, p001, …) on `clusters` clusters. */
const scaleFleet = (products: number, clusters: number): FleetOverview => {
  const names = Array.from(
    { length: clusters },
    (_unused, index) => `c${index}`,
  );
  return overview({
    clusters: names.map(name => ({
      name,
      title: name.toUpperCase(),
      provider: 'aws',
      region: 'us-east-1',
      upgradeRing: 'ring-0',
    })),
    products: Array.from({ length: products }, (_unused, index) => {
      const name = `p${String(index).padStart(3, '0')}`;
      return {
        entityRef: `system:default/${name}`,
        title: name,
        owner: 'group:default/team-a',
        cells: Object.fromEntries(
          names.map(cluster => [
            cluster,
            {
              status: 'ok' as const,
              revisions: ['abc1234'],
              summary: 'healthy',
            },
          ]),
        ),
        drift: false,
      };
    }),
    page: { total: products, offset: 0, limit: 500 },
  });
};

const renderedProducts = () =>
  screen.getAllByTestId(/^product-p\d+$/).map(row => row.dataset.testid);

/** Renders the page on a fleet API that answers `answer`. */
async function renderPage(answer: FleetOverview) {
  const getOverview = jest.fn(async () => answer);
  const api = { getOverview } as unknown as FleetApi;
  await renderInTestApp(
    <TestApiProvider apis={[[fleetApiRef, api]]}>
      <OverviewPage />
    </TestApiProvider>,
  );
  return { getOverview };
}

/**
 * Renders the page on `products` products × 30 clusters, waits for the first
 * row, and gives the scroll container a height of 10 estimated rows (jsdom
 * has no layout: it reads 0, and rows read 0 px high, so the estimate holds
 * unless a test says otherwise).
 */
async function renderScaleFleet(products: number) {
  await renderPage(scaleFleet(products, 30));
  await screen.findByTestId('product-p000');
  const container = screen.getByTestId('overview-scroll');
  Object.defineProperty(container, 'clientHeight', {
    configurable: true,
    value: 10 * ROW_ESTIMATE,
  });
  const scrollTo = (top: number) => {
    container.scrollTop = top;
    fireEvent.scroll(container);
  };
  return { scrollTo };
}

describe('OverviewPage', () => {
  it('asks the backend for the first page and says what needs attention among all matching products', async () => {
    const { getOverview } = await renderPage(overview());
    const summary = await screen.findByTestId('overview-summary');
    expect(summary).toHaveTextContent('120 products');
    expect(summary).toHaveTextContent('2 paging');
    expect(summary).toHaveTextContent('3 critical');
    expect(summary).toHaveTextContent('1 drift');
    expect(summary).not.toHaveTextContent('burning');
    expect(getOverview).toHaveBeenCalledWith({ limit: 50, offset: 0 });
    expect(screen.getByText(/1-50 of 120/)).toBeInTheDocument();
  });

  it('sends a filter to the backend and starts again at the first page', async () => {
    const { getOverview } = await renderPage(overview());
    await screen.findByTestId('overview-summary');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith({ limit: 50, offset: 50 }),
    );
    fireEvent.click(screen.getByTestId('filter-problems'));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith({
        problems: true,
        limit: 50,
        offset: 0,
      }),
    );
    // The team filter offers the teams by name, from the answer's facets.
    fireEvent.mouseDown(
      within(screen.getByTestId('filter-team').parentElement!).getByRole(
        'button',
      ),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'team-b' }));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith({
        team: 'group:default/team-b',
        problems: true,
        limit: 50,
        offset: 0,
      }),
    );
  });

  it('says so when no product matches', async () => {
    await renderPage(
      overview({
        products: [],
        page: { total: 0, offset: 0, limit: 50 },
      }),
    );
    expect(
      await screen.findByText('No product matches these filters.'),
    ).toBeInTheDocument();
  });

  it('renders only a window of rows at 300 products × 30 clusters, and moves it on scroll', async () => {
    const { scrollTo } = await renderScaleFleet(300);
    scrollTo(0);
    await waitFor(() => expect(renderedProducts()).toHaveLength(10 + OVERSCAN));
    expect(screen.queryByTestId('product-p299')).not.toBeInTheDocument();
    expect(screen.queryByTestId('overview-spacer-top')).not.toBeInTheDocument();
    expect(
      screen.getByTestId('overview-spacer-bottom').firstElementChild,
    ).toHaveStyle({ height: `${(300 - 10 - OVERSCAN) * ROW_ESTIMATE}px` });
    // The cells of a rendered row keep their test ids.
    expect(screen.getByTestId('overview-p000-c29')).toHaveTextContent(
      'healthy',
    );

    scrollTo(150 * ROW_ESTIMATE);
    await waitFor(() =>
      expect(screen.getByTestId('product-p150')).toBeInTheDocument(),
    );
    expect(screen.queryByTestId('product-p000')).not.toBeInTheDocument();
    const rendered = renderedProducts();
    expect(rendered[0]).toBe(`product-p${150 - OVERSCAN}`);
    expect(rendered).toHaveLength(10 + 2 * OVERSCAN);
    expect(
      screen.getByTestId('overview-spacer-top').firstElementChild,
    ).toHaveStyle({ height: `${(150 - OVERSCAN) * ROW_ESTIMATE}px` });

    scrollTo(300 * ROW_ESTIMATE);
    await waitFor(() =>
      expect(screen.getByTestId('product-p299')).toBeInTheDocument(),
    );
    expect(
      screen.queryByTestId('overview-spacer-bottom'),
    ).not.toBeInTheDocument();
  });

  it('fits fewer rows in the window once rendered rows measure taller than the estimate', async () => {
    // Rows twice the estimate high (wrapped cells, share lines).
    const measured = jest
      .spyOn(HTMLTableRowElement.prototype, 'getBoundingClientRect')
      .mockImplementation(function rect(this: HTMLTableRowElement) {
        const height = this.dataset.testid?.startsWith('product-')
          ? 2 * ROW_ESTIMATE
          : 0;
        return { height } as DOMRect;
      });
    try {
      const { scrollTo } = await renderScaleFleet(300);
      scrollTo(0);
      await waitFor(() =>
        expect(renderedProducts()).toHaveLength(5 + OVERSCAN),
      );
    } finally {
      measured.mockRestore();
    }
  });

  it('renders every row of a short page, without spacers', async () => {
    await renderScaleFleet(10);
    expect(renderedProducts()).toHaveLength(10);
    expect(screen.queryByTestId(/^overview-spacer/)).not.toBeInTheDocument();
  });

  it('offers pages of up to 500 products', async () => {
    const { getOverview } = await renderPage(overview());
    await screen.findByTestId('overview-summary');
    fireEvent.mouseDown(screen.getByRole('button', { name: /Rows per page/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map(option => option.textContent)).toEqual([
      '25',
      '50',
      '100',
      '300',
      '500',
    ]);
    fireEvent.click(screen.getByRole('option', { name: '500' }));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith({ limit: 500, offset: 0 }),
    );
  });

  it('keeps the Product column in view when the clusters scroll sideways', async () => {
    await renderScaleFleet(3);
    const row = screen.getByTestId('product-p001');
    const corner = screen.getByRole('columnheader', { name: 'Product' });
    expect(corner).toHaveStyle({
      position: 'sticky',
      top: '0px',
      left: '0px',
      zIndex: '3',
    });
    expect(corner.style.backgroundColor).not.toBe('');
    const first = row.firstElementChild as HTMLElement;
    expect(first).toHaveTextContent('p001');
    expect(first).toHaveStyle({ position: 'sticky', left: '0px', zIndex: '1' });
    expect(first.style.backgroundColor).not.toBe('');
    // The cluster cells scroll under it.
    expect(screen.getByTestId('overview-p001-c0').style.position).toBe('');
    expect(screen.getByRole('columnheader', { name: /^C0/ }).style.left).toBe(
      'auto',
    );
  });
});
