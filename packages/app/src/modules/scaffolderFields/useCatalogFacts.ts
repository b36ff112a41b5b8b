import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CLUSTER_RESOURCE_TYPE } from '@internal/plugin-platform-common';

export interface CatalogFacts {
  /** Names of Systems and Components (taken product and service names). */
  taken: string[];
  clusters: Array<{ name: string; title: string; provider: string }>;
  loading: boolean;
  error?: Error;
}

/** What the wizard checks against: taken names and the cluster registry. */
export function useCatalogFacts(): CatalogFacts {
  const catalogApi = useApi(catalogApiRef);
  const [facts, setFacts] = useState<CatalogFacts>({
    taken: [],
    clusters: [],
    loading: true,
  });
  useEffect(() => {
    let cancelled = false;
    Promise.all([
      catalogApi.getEntities({
        filter: [{ kind: 'System' }, { kind: 'Component' }],
        fields: ['metadata.name'],
      }),
      catalogApi.getEntities({
        filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
        fields: ['metadata.name', 'metadata.title', 'spec.provider'],
      }),
    ])
      .then(([named, clusters]) => {
        if (cancelled) return;
        setFacts({
          loading: false,
          taken: named.items.map(e => e.metadata.name),
          clusters: clusters.items
            .map(e => ({
              name: e.metadata.name,
              title: e.metadata.title ?? e.metadata.name,
              provider: String(
                (e.spec as { provider?: string })?.provider ?? '',
              ),
            }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        });
      })
      .catch(
        error =>
          !cancelled &&
          setFacts({ taken: [], clusters: [], loading: false, error }),
      );
    return () => {
      cancelled = true;
    };
  }, [catalogApi]);
  return facts;
}
