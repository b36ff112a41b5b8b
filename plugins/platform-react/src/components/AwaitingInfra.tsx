import { ReactNode, useCallback, useMemo } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { Typography } from '@material-ui/core';
import { clustersOf } from '@internal/plugin-platform-common';
import {
  ForgeApiClient,
  type PullRequest,
} from '@internal/plugin-forge-common';
import { usePolled } from '../hooks/usePolled';

/** The part of a catalog entity this needs. */
export interface ProductEntity {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { system?: unknown };
}

/** Where a product stands between its template and its clusters. */
export type InfraStatus =
  /** Its tenant is in the infra repo: the clusters serve it (or say why not). */
  | { state: 'deployed' }
  | {
      state: 'awaiting';
      product: string;
      clusters: string[];
      /** The infra pull request that adds its tenant, newest first. */
      pullRequest?: Pick<PullRequest, 'id' | 'repo' | 'title' | 'state'>;
    };

/** The product a System is, or a Component belongs to. */
export function productOf(entity: ProductEntity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'system')
    return entity.metadata.name;
  const system = entity.spec?.system;
  return typeof system === 'string'
    ? system.replace(/^(system:)?(default\/)?/, '')
    : undefined;
}

/**
 * Whether the product's tenant has landed: the infra-repo provider writes
 * `resource:default/tenant-<product>` once the pull request that adds
 * `tenants/<product>/` is merged. Until then the product's clusters know
 * nothing of it, and its pages should say so instead of "Unknown".
 */
export async function infraStatus(
  entity: ProductEntity,
  apis: {
    catalog: (path: string) => Promise<Response>;
    pullRequests: () => Promise<PullRequest[]>;
  },
): Promise<InfraStatus> {
  const clusters = clustersOf(entity.metadata.annotations);
  const product = productOf(entity);
  // Only what the templates made for clusters can wait for a tenant.
  if (!product || clusters.length === 0) return { state: 'deployed' };
  const tenant = await apis.catalog(
    `/entities/by-name/resource/default/tenant-${encodeURIComponent(product)}`,
  );
  if (tenant.ok) return { state: 'deployed' };
  if (tenant.status !== 404)
    throw new Error(`the catalog answered ${tenant.status}`);
  const folder = `tenants/${product}/`;
  const candidates = (await apis.pullRequests())
    .filter(pr => pr.state !== 'closed')
    .filter(pr => pr.files.some(file => file.startsWith(folder)))
    .sort((left, right) => right.updatedAt.localeCompare(left.updatedAt));
  const pullRequest =
    candidates.find(pr => pr.state === 'open') ?? candidates[0];
  return {
    state: 'awaiting',
    product,
    clusters,
    pullRequest: pullRequest && {
      id: pullRequest.id,
      repo: pullRequest.repo,
      title: pullRequest.title,
      state: pullRequest.state,
    },
  };
}

function useInfraStatus(entity: ProductEntity) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const forge = useMemo(
    () => new ForgeApiClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const load = useCallback(
    () =>
      infraStatus(entity, {
        catalog: async path =>
          fetchApi.fetch(`${await discoveryApi.getBaseUrl('catalog')}${path}`),
        pullRequests: async () =>
          (await forge.listPullRequests({ query: {} })).items,
      }),
    [entity, discoveryApi, fetchApi, forge],
  );
  // Often enough that a merge shows within a refresh of the catalog.
  return usePolled(load, { intervalMs: 15_000 });
}

function listOf(names: string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The notice a product shows until its tenant is merged. */
export function AwaitingInfraNotice(props: {
  status: Extract<InfraStatus, { state: 'awaiting' }>;
}) {
  const { product, clusters, pullRequest } = props.status;
  const link = pullRequest && (
    <Link to={`/forge/${pullRequest.repo}/pulls/${pullRequest.id}`}>
      #{pullRequest.id} “{pullRequest.title}”
    </Link>
  );
  let body: ReactNode;
  if (pullRequest?.state === 'merged')
    body = (
      <>
        Its infra pull request {link} is merged; the catalog and Argo CD pick up
        the tenant within a minute, and this page fills in by itself.
      </>
    );
  else if (pullRequest)
    body = (
      <>
        It runs on {listOf(clusters)} once its infra pull request {link} is
        reviewed and merged by a platform admin; until then no cluster knows it,
        so there is nothing to show or fail over yet.
      </>
    );
  else
    body = (
      <>
        The infra repo has no tenant for it and no open pull request adds one
        (tenants/{product}/). Run the new-product template again, or ask the
        platform team.
      </>
    );
  return (
    <div data-testid="awaiting-infra">
      <InfoCard title={`${product} is waiting for its infra pull request`}>
        <Typography variant="body2">{body}</Typography>
      </InfoCard>
    </div>
  );
}

/**
 * Shows its children once the product's tenant is in the infra repo, and
 * until then a notice that links the pull request it waits for. While the
 * check itself is loading or failing, the children show: this notice must
 * never hide a product that is deployed.
 */
export function AwaitingInfra(props: {
  entity: ProductEntity;
  children: ReactNode;
}) {
  const { value } = useInfraStatus(props.entity);
  if (value?.state === 'awaiting')
    return <AwaitingInfraNotice status={value} />;
  return <>{props.children}</>;
}
