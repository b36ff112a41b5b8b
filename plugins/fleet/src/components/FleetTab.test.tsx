import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { EntityFleet, FleetApi, FleetRow } from '@internal/plugin-fleet-common';
import { fakeElementWidth } from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { FleetTab } from './FleetTab';
import {
  abortedCanary,
  canarying,
  promoted,
  rowOf,
  silentRow,
} from '../__testUtils__/rolloutRows';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-api',
    annotations: { 'trinity.io/clusters': 'gcp-1,aws-1,azure-1' },
  },
};

async function renderTab(
  rows: FleetRow[],
  sources = [{ id: 'rollout', title: 'Rollout' }],
) {
  const fleet: EntityFleet = {
    entityRef: 'component:default/storefront-api',
    sources,
    rows,
    generatedAt: new Date().toISOString(),
  };
  const api = { getEntityFleet: jest.fn(async () => fleet) };
  await renderInTestApp(
    <TestApiProvider apis={[[fleetApiRef, api as unknown as FleetApi]]}>
      <EntityProvider entity={entity}>
        <FleetTab />
      </EntityProvider>
    </TestApiProvider>,
  );
  // The table, or on a narrow card a block per cluster: a row either way.
  await screen.findAllByTestId(/^row-/);
}

const rolloutCell = (cluster: string) =>
  within(screen.getByTestId(`row-${cluster}`)).getByText(
    (_text, element) => element?.getAttribute('data-column') === 'rollout',
  );

describe('FleetTab, rollout column and version by ring', () => {
  it("says per cluster what runs, a canary's step, weight, analysis and tags, and why an aborted one stopped", async () => {
    await renderTab([
      rowOf('gcp', [canarying()]),
      rowOf('aws', [promoted()]),
      rowOf('azure', [abortedCanary()]),
    ]);
    expect(rolloutCell('gcp-1')).toHaveTextContent(
      'storefront-api: Progressing · step 2 of 6 · canary at 10 % · analysis Running · 1.4.0 → 1.5.0',
    );
    expect(rolloutCell('aws-1')).toHaveTextContent('storefront-api runs 1.4.0');
    const azure = rolloutCell('azure-1');
    expect(azure).toHaveTextContent(
      'storefront-api: aborted · step 0 of 6 · canary at 0 % · analysis Failed · 1.4.0 → 1.5.0',
    );
    expect(azure).toHaveTextContent(
      'Metric "requests-availability-burn-rate" assessed Failed due to failed (1) > failureLimit (0)',
    );
  });

  it('shows which version runs in which ring, with the canary in progress and a cluster that did not answer', async () => {
    await renderTab([
      rowOf('gcp', [canarying()]),
      rowOf('aws', [promoted({ stableTag: '1.3.0', canaryTag: '1.3.0' })]),
      silentRow('azure'),
    ]);
    const ring0 = screen.getByTestId('ring-ring-0');
    expect(ring0).toHaveTextContent('ring-0GCP 1storefront-api 1.4.0');
    expect(ring0).toHaveTextContent('1.5.0 on GCP 1: step 2 of 6, 10 %');
    expect(screen.getByTestId('ring-ring-1')).toHaveTextContent(
      'storefront-api 1.3.0',
    );
    expect(screen.getByTestId('ring-ring-2')).toHaveTextContent(
      "AZURE 1: version unknown (cannot reach azure-1's Kubernetes API: connection refused)",
    );
    // The error cell itself says what did not answer, not an empty rollout.
    expect(rolloutCell('azure-1')).toHaveTextContent('Error');
  });

  it('has no version-by-ring section when no cluster has a Rollout', async () => {
    await renderTab([silentRow('azure')]);
    expect(screen.queryByTestId('ring-versions')).toBeNull();
  });
});

describe('FleetTab, mesh column', () => {
  const meshRow = (
    provider: 'gcp' | 'aws' | 'azure',
    mesh: FleetRow['cells'][string],
  ): FleetRow => ({ ...rowOf(provider, []), cells: { mesh } });
  const meshCell = (cluster: string) =>
    within(screen.getByTestId(`row-${cluster}`)).getByText(
      (_text, element) => element?.getAttribute('data-column') === 'mesh',
    );

  it('says per cluster whether the namespace is ambient and STRICT, and why not', async () => {
    await renderTab(
      [
        meshRow('gcp', {
          status: 'ok',
          summary: 'ambient · mTLS STRICT',
          fetchedAt: '2026-12-05T12:00:00Z',
          data: {
            namespace: 'storefront',
            dataplaneMode: 'ambient',
            ambient: true,
            mtls: { mode: 'STRICT', from: 'storefront/default' },
            exceptions: [],
            istio: true,
          },
        }),
        meshRow('aws', {
          status: 'warning',
          summary:
            "not meshed: namespace storefront is not in the ambient mesh (no istio.io/dataplane-mode=ambient label); mTLS PERMISSIVE (no PeerAuthentication: Istio's default): plaintext is accepted",
          fetchedAt: '2026-12-05T12:00:00Z',
          data: {
            namespace: 'storefront',
            ambient: false,
            mtls: { mode: 'PERMISSIVE' },
            exceptions: [],
            istio: true,
          },
        }),
        meshRow('azure', {
          status: 'unknown',
          summary: 'no namespace storefront on azure-1',
          fetchedAt: '2026-12-05T12:00:00Z',
        }),
      ],
      [{ id: 'mesh', title: 'Mesh' }],
    );
    expect(screen.getByRole('columnheader', { name: 'Mesh' })).toBeVisible();
    expect(meshCell('gcp-1')).toHaveTextContent('OKambient · mTLS STRICT');
    const aws = meshCell('aws-1');
    expect(aws).toHaveTextContent(
      'Warningnot in the ambient mesh' +
        'mTLS PERMISSIVE (no PeerAuthentication)',
    );
    // The full reason, with the label it lacks, on hover.
    expect(within(aws).getByTestId('mesh-words')).toHaveAttribute(
      'title',
      expect.stringContaining('no istio.io/dataplane-mode=ambient label'),
    );
    expect(meshCell('azure-1')).toHaveTextContent(
      'Unknownno namespace storefront on azure-1',
    );
  });
});

describe('FleetTab on a card its table does not fit', () => {
  let restore = () => {};
  /** The card gives `card` px; the table, laid out whole, takes `table` px. */
  const widths = (card: number, table: number) => {
    restore = fakeElementWidth(element =>
      element.tagName === 'TABLE' ? table : card,
    );
  };
  afterEach(() => restore());

  it('puts each cluster in a block with its sources named, in place of columns cut off at the edge', async () => {
    widths(760, 1200);
    await renderTab(
      [rowOf('gcp', [canarying()]), rowOf('aws', [promoted()])],
      [
        { id: 'rollout', title: 'Rollout' },
        { id: 'slo', title: 'SLO' },
      ],
    );
    await screen.findByTestId('fleet-stack');
    expect(screen.queryByRole('table', { name: 'fleet' })).toBeNull();
    const aws = screen.getByRole('region', { name: 'AWS 1' });
    expect(within(aws).getByText('Rollout')).toBeInTheDocument();
    expect(within(aws).getByText('SLO')).toBeInTheDocument();
    expect(rolloutCell('aws-1')).toHaveTextContent('storefront-api runs 1.4.0');
  });

  it('keeps the table when it fits the card', async () => {
    widths(1180, 1100);
    await renderTab([rowOf('aws', [promoted()])]);
    expect(screen.queryByTestId('fleet-stack')).toBeNull();
    expect(screen.getByRole('table', { name: 'fleet' })).toBeInTheDocument();
  });
});
