import {
  CellStatus,
  FleetOverview,
  OverviewCell,
} from '@internal/plugin-fleet-common';
import { queryOverview } from './overviewQuery';

const cluster = (name: string, provider: string, ring: string) => ({
  name,
  title: name,
  provider,
  region: 'r',
  upgradeRing: ring,
});

const cell = (status: CellStatus, slo?: CellStatus): OverviewCell => ({
  status,
  revisions: ['abc1234'],
  summary: status,
  ...(slo && { slo }),
});

/** aws and gcp (ring-0), azure (ring-1); five products of two teams. */
const overview: FleetOverview = {
  clusters: [
    cluster('aws-1', 'aws', 'ring-0'),
    cluster('gcp-1', 'gcp', 'ring-0'),
    cluster('azure-1', 'azure', 'ring-1'),
  ],
  products: [
    {
      entityRef: 'system:default/alpha',
      title: 'Alpha',
      owner: 'group:default/team-a',
      cells: { 'aws-1': cell('ok', 'ok'), 'gcp-1': cell('ok', 'ok') },
      drift: false,
    },
    {
      entityRef: 'system:default/bravo',
      title: 'Bravo',
      owner: 'group:default/team-b',
      cells: {
        'aws-1': cell('ok', 'ok'),
        'azure-1': cell('critical', 'critical'),
      },
      drift: false,
    },
    {
      entityRef: 'system:default/charlie',
      title: 'Charlie',
      owner: 'group:default/team-a',
      cells: { 'gcp-1': cell('warning', 'warning'), 'azure-1': cell('ok') },
      drift: false,
    },
    {
      entityRef: 'system:default/delta',
      title: 'Delta',
      owner: 'group:default/team-b',
      cells: { 'aws-1': cell('ok'), 'gcp-1': cell('ok') },
      drift: true,
      driftReason: 'aws-1: abc1234; gcp-1: def5678',
    },
    {
      entityRef: 'system:default/echo',
      title: 'Echo',
      owner: 'group:default/team-a',
      cells: { 'azure-1': cell('unknown') },
      drift: false,
    },
  ],
  policyDrift: false,
  generatedAt: '2026-12-05T10:00:00Z',
};

const titles = (result: FleetOverview) =>
  result.products.map(product => product.title);

describe('queryOverview', () => {
  it('puts problems first (critical, warning, unknown, drift), then by title, and counts them', () => {
    const result = queryOverview(overview, {});
    expect(titles(result)).toEqual([
      'Bravo',
      'Charlie',
      'Echo',
      'Delta',
      'Alpha',
    ]);
    expect(result.summary).toEqual({
      products: 5,
      critical: 1,
      warning: 1,
      unknown: 1,
      drift: 1,
      paging: 1,
      burning: 1,
    });
    expect(result.page).toEqual({ total: 5, offset: 0, limit: 5 });
    expect(result.facets).toEqual({
      teams: ['group:default/team-a', 'group:default/team-b'],
      providers: ['aws', 'azure', 'gcp'],
      rings: ['ring-0', 'ring-1'],
    });
  });

  it('shows only the clusters of a provider or ring, and the products on them, judged there', () => {
    const ring0 = queryOverview(overview, { ring: 'ring-0' });
    expect(ring0.clusters.map(one => one.name)).toEqual(['aws-1', 'gcp-1']);
    // Bravo is fine on ring-0 (its critical cell is on azure); Echo runs
    // only on azure.
    expect(titles(ring0)).toEqual(['Charlie', 'Delta', 'Alpha', 'Bravo']);
    expect(Object.keys(ring0.products[3].cells)).toEqual(['aws-1']);
    expect(titles(queryOverview(overview, { provider: 'azure' }))).toEqual([
      'Bravo',
      'Echo',
      'Charlie',
    ]);
  });

  it("filters by team (as a ref or a bare name), status and 'only problems'", () => {
    expect(titles(queryOverview(overview, { team: 'team-a' }))).toEqual([
      'Charlie',
      'Echo',
      'Alpha',
    ]);
    expect(
      titles(queryOverview(overview, { team: 'group:default/team-b' })),
    ).toEqual(['Bravo', 'Delta']);
    expect(titles(queryOverview(overview, { status: 'critical' }))).toEqual([
      'Bravo',
    ]);
    expect(titles(queryOverview(overview, { problems: true }))).toEqual([
      'Bravo',
      'Charlie',
      'Echo',
      'Delta',
    ]);
  });

  it('pages, with the summary over every matching product', () => {
    const page = queryOverview(overview, { offset: 2, limit: 2 });
    expect(titles(page)).toEqual(['Echo', 'Delta']);
    expect(page.page).toEqual({ total: 5, offset: 2, limit: 2 });
    expect(page.summary!.products).toBe(5);
    expect(queryOverview(overview, { offset: 10, limit: 2 }).products).toEqual(
      [],
    );
  });
});
