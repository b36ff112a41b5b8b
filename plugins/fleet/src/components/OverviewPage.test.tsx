import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FleetApi, FleetOverview } from '@internal/plugin-fleet-common';
import { fleetApiRef } from '../api';
import { OverviewPage } from './OverviewPage';

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

function fleetApi(answer: FleetOverview) {
  const getOverview = jest.fn(async () => answer);
  const api = { getOverview } as unknown as FleetApi;
  return { api, getOverview };
}

describe('OverviewPage', () => {
  it('asks the backend for the first page and says what needs attention among all matching products', async () => {
    const { api, getOverview } = fleetApi(overview());
    await renderInTestApp(
      <TestApiProvider apis={[[fleetApiRef, api]]}>
        <OverviewPage />
      </TestApiProvider>,
    );
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
    const { api, getOverview } = fleetApi(overview());
    await renderInTestApp(
      <TestApiProvider apis={[[fleetApiRef, api]]}>
        <OverviewPage />
      </TestApiProvider>,
    );
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
    const { api } = fleetApi(
      overview({
        products: [],
        page: { total: 0, offset: 0, limit: 50 },
      }),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[fleetApiRef, api]]}>
        <OverviewPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No product matches these filters.'),
    ).toBeInTheDocument();
  });
});
