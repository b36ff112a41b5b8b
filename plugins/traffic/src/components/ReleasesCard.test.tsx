import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ReleaseView, TrafficApi } from '@internal/plugin-traffic-common';
import { fakeElementWidth } from '@internal/plugin-platform-react';
import { trafficApiRef } from '../api';
import { ReleasesCard } from './ReleasesCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'storefront', namespace: 'default', title: 'Storefront' },
  spec: { owner: 'group:default/team-storefront' },
};
const IMAGE = 'registry.trinity.example/team-storefront/storefront-api';

const cluster = (name: string, tag: string, health = 'Healthy') => ({
  cluster: name,
  app: `storefront-api-${name}`,
  sync: 'Synced',
  health,
  runsTag: health === 'Healthy',
  images: [`${IMAGE}:${tag}`],
  abortable: health === 'Progressing',
});

/** storefront-api with 0.2.0 on ring-0, its canary still running on gcp. */
const view = (ready: boolean): ReleaseView => ({
  paused: false,
  promotionsFile: 'tenants/storefront/promotions.yaml',
  problems: [],
  pullRequests: [],
  permission: { allowed: true },
  services: [
    {
      service: 'storefront-api',
      image: IMAGE,
      file: 'tenants/storefront/services/storefront-api.yaml',
      rings: [
        {
          ring: 'ring-0',
          tag: '0.2.0',
          clusters: [
            cluster(
              'gcp-euw1-prod-01',
              ready ? '0.2.0' : '0.1.0',
              ready ? 'Healthy' : 'Progressing',
            ),
          ],
        },
        {
          ring: 'ring-1',
          tag: '0.1.0',
          clusters: [cluster('aws-use1-prod-01', '0.1.0')],
        },
      ],
      promotion: {
        from: 'ring-0',
        to: 'ring-1',
        tag: '0.2.0',
        ready,
        reason: ready
          ? 'ring-0 runs 0.2.0, Synced and Healthy on every cluster (its canary passed)'
          : 'storefront-api on ring-0 is not yet Synced and Healthy on 0.2.0 (gcp-euw1-prod-01: Progressing, not on 0.2.0)',
      },
    },
  ],
});

function render(answer: ReleaseView, denied?: string) {
  const api = {
    getReleases: jest.fn(async () => answer),
    promote: jest.fn(async (..._args: unknown[]) => ({
      outcome: 'applied',
      replayed: false,
      entry: { pullRequestUrl: 'http://portal/forge/platform/infra/pulls/7' },
    })),
    abortRollout: jest.fn(async (..._args: unknown[]) => ({
      outcome: 'applied',
      replayed: false,
      entry: {},
    })),
    setPromotions: jest.fn(),
  };
  const done = jest.fn();
  return {
    api,
    done,
    rendered: renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api as unknown as TrafficApi]]}>
        <ReleasesCard entity={entity} denied={denied} onDone={done} />
      </TestApiProvider>,
    ),
  };
}

describe('ReleasesCard', () => {
  it('promotes with a reason once the previous ring is healthy on the tag', async () => {
    const { api, done, rendered } = render(view(true));
    await rendered;
    const row = within(await screen.findByTestId('release-row-storefront-api'));
    expect(row.getByText('0.2.0')).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('release-storefront-api-gcp-euw1-prod-01'),
      ).getByText('Healthy'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('promote-storefront-api'));
    expect(
      screen.getByText('Promote storefront-api 0.2.0 to ring-1'),
    ).toBeInTheDocument();
    const confirm = screen.getByTestId('confirm-release');
    expect(confirm).toBeDisabled(); // no reason yet
    fireEvent.change(screen.getByTestId('release-reason-input'), {
      target: { value: 'canary passed on gcp' },
    });
    fireEvent.click(confirm);
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(api.promote).toHaveBeenCalledWith(
      { kind: 'System', namespace: 'default', name: 'storefront' },
      {
        service: 'storefront-api',
        ring: 'ring-1',
        reason: 'canary passed on gcp',
      },
      { idempotencyKey: expect.any(String) },
    );
    expect(done.mock.calls[0][0]).toMatch(/pulls\/7/);
  });

  it('says why promotion waits, and offers to abort the canary in progress', async () => {
    const { api, rendered } = render(view(false));
    await rendered;
    const promote = await screen.findByTestId('promote-storefront-api');
    expect(promote).toBeDisabled();
    expect(
      screen.getByText(/gcp-euw1-prod-01: Progressing, not on 0.2.0/),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('release-storefront-api-gcp-euw1-prod-01'),
      ).getByText(/runs 0.1.0/),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByTestId('abort-storefront-api-gcp-euw1-prod-01'),
    );
    fireEvent.change(screen.getByTestId('release-reason-input'), {
      target: { value: 'errors on checkout' },
    });
    fireEvent.click(screen.getByTestId('confirm-release'));
    await waitFor(() => expect(api.abortRollout).toHaveBeenCalled());
    expect(api.abortRollout.mock.calls[0][1]).toEqual({
      service: 'storefront-api',
      cluster: 'gcp-euw1-prod-01',
      reason: 'errors on checkout',
    });
  });

  it('turns every action off for someone who may not, and says why', async () => {
    const { rendered } = render(
      view(true),
      'only members of team-storefront, the on-call group and platform admins may shift the traffic of Storefront',
    );
    await rendered;
    expect(await screen.findByTestId('promote-storefront-api')).toBeDisabled();
    expect(screen.getByTestId('pause-promotions')).toBeDisabled();
  });

  it('puts the next promotion under its service when the table does not fit, button and all', async () => {
    // The card gives 760 px; the table with its fifth column takes 900.
    const restore = fakeElementWidth(element =>
      element.tagName === 'TABLE' ? 900 : 760,
    );
    try {
      render(view(true));
      await screen.findByText('Next promotion', { selector: 'span' });
      const promotion = screen.getByTestId('promotion-storefront-api');
      expect(promotion).toHaveAttribute('colspan', '3');
      expect(
        within(promotion).getByTestId('promote-storefront-api'),
      ).toBeEnabled();
      expect(
        screen.queryByRole('columnheader', { name: 'Next promotion' }),
      ).toBeNull();
    } finally {
      restore();
    }
  });
});
