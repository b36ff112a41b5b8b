import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import type { PullRequest } from '@internal/plugin-forge-common';
import {
  AwaitingInfraNotice,
  infraStatus,
  productOf,
  ProductEntity,
} from './AwaitingInfra';

const giftcard: ProductEntity = {
  kind: 'System',
  metadata: {
    name: 'giftcard',
    annotations: { 'trinity.io/clusters': 'aws-use1-prod-01,gcp-euw1-prod-01' },
  },
};

function pr(overrides: Partial<PullRequest>): PullRequest {
  return {
    id: 1,
    repo: 'platform/infra',
    branch: 'product/giftcard',
    base: 'main',
    title: 'Add product giftcard',
    description: '',
    author: 'Guest',
    authorRefs: [],
    state: 'open',
    createdAt: '2026-12-05T10:00:00Z',
    updatedAt: '2026-12-05T10:00:00Z',
    head: 'abc',
    files: ['tenants/giftcard/base/kustomization.yaml'],
    url: '/forge/platform/infra/pulls/1',
    ...overrides,
  } as PullRequest;
}

const status = (code: number) => async () =>
  new Response('{}', { status: code });

describe('infraStatus', () => {
  it('is deployed once the tenant is in the catalog, without asking the forge', async () => {
    const pullRequests = jest.fn();
    await expect(
      infraStatus(giftcard, { catalog: status(200), pullRequests }),
    ).resolves.toEqual({ state: 'deployed' });
    expect(pullRequests).not.toHaveBeenCalled();
  });

  it('waits for the open pull request that adds tenants/<product>/', async () => {
    const result = await infraStatus(giftcard, {
      catalog: status(404),
      pullRequests: async () => [
        pr({ id: 1, state: 'closed', updatedAt: '2026-12-05T12:00:00Z' }),
        pr({ id: 2, files: ['tenants/storefront/base/kustomization.yaml'] }),
        pr({ id: 3, state: 'open', updatedAt: '2026-12-05T11:00:00Z' }),
      ],
    });
    expect(result).toEqual({
      state: 'awaiting',
      product: 'giftcard',
      clusters: ['aws-use1-prod-01', 'gcp-euw1-prod-01'],
      pullRequest: {
        id: 3,
        repo: 'platform/infra',
        title: 'Add product giftcard',
        state: 'open',
      },
    });
  });

  it('says so when no pull request adds the tenant', async () => {
    const result = await infraStatus(giftcard, {
      catalog: status(404),
      pullRequests: async () => [pr({ state: 'closed' })],
    });
    expect(result).toMatchObject({ state: 'awaiting', pullRequest: undefined });
  });

  it('never holds back what is not made for clusters, and fails loudly on a catalog error', async () => {
    const portal = { kind: 'System', metadata: { name: 'trinity' } };
    const catalog = jest.fn();
    await expect(
      infraStatus(portal, { catalog, pullRequests: jest.fn() }),
    ).resolves.toEqual({ state: 'deployed' });
    expect(catalog).not.toHaveBeenCalled();
    await expect(
      infraStatus(giftcard, { catalog: status(500), pullRequests: jest.fn() }),
    ).rejects.toThrow('the catalog answered 500');
  });

  it('finds the product of a component through its system', () => {
    expect(
      productOf({
        kind: 'Component',
        metadata: { name: 'giftcard-api' },
        spec: { system: 'system:default/giftcard' },
      }),
    ).toBe('giftcard');
    expect(
      productOf({
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { system: 'giftcard' },
      }),
    ).toBe('giftcard');
  });
});

describe('AwaitingInfraNotice', () => {
  it('links the pull request and names the clusters it will run on', async () => {
    await renderInTestApp(
      <AwaitingInfraNotice
        status={{
          state: 'awaiting',
          product: 'giftcard',
          clusters: ['aws-use1-prod-01', 'gcp-euw1-prod-01'],
          pullRequest: {
            id: 3,
            repo: 'platform/infra',
            title: 'Add product giftcard',
            state: 'open',
          },
        }}
      />,
    );
    expect(
      screen.getByText('giftcard is waiting for its infra pull request'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /#3 “Add product giftcard”/ }),
    ).toHaveAttribute('href', '/forge/platform/infra/pulls/3');
    expect(
      screen.getByText(/runs on aws-use1-prod-01 and gcp-euw1-prod-01 once/),
    ).toBeInTheDocument();
  });
});
