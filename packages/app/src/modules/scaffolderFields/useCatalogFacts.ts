import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  annotations,
  CLUSTER_RESOURCE_TYPE,
} from '@internal/plugin-platform-common';

/** Set by the forge's catalog provider: the repository an entity came from. */
export const SOURCE_REPO = annotations.sourceRepo;

/**
 * Names another product holds. A product's own names (same team, same name:
 * the template running again) are not taken: that run updates it.
 */
export function takenNames(
  taken: Array<{ name: string; sourceRepo?: string }>,
  teamRef: string | undefined,
  name: string,
): string[] {
  const team = teamRef?.replace(/^group:(default\/)?/, '');
  return taken
    .filter(entry => !team || entry.sourceRepo !== `${team}/${name}`)
    .map(entry => entry.name);
}

type CatalogApi = typeof catalogApiRef.T;

/** Systems and Components (taken names), with the forge repo they came from. */
export async function readTakenNames(
  catalogApi: CatalogApi | undefined,
): Promise<Array<{ name: string; sourceRepo?: string }>> {
  if (!catalogApi) return [];
  const named = await catalogApi.getEntities({
    filter: [{ kind: 'System' }, { kind: 'Component' }],
    fields: ['metadata.name', `metadata.annotations.${SOURCE_REPO}`],
  });
  return named.items.map(entity => ({
    name: entity.metadata.name,
    sourceRepo: entity.metadata.annotations?.[SOURCE_REPO],
  }));
}

export interface CatalogFacts {
  /** Systems and Components (taken names), with the forge repo they came from. */
  taken: Array<{ name: string; sourceRepo?: string }>;
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
      readTakenNames(catalogApi),
      catalogApi.getEntities({
        filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
        fields: ['metadata.name', 'metadata.title', 'spec.provider'],
      }),
    ])
      .then(([named, clusters]) => {
        if (cancelled) return;
        setFacts({
          loading: false,
          taken: named,
          clusters: clusters.items
            .map(entity => ({
              name: entity.metadata.name,
              title: entity.metadata.title ?? entity.metadata.name,
              provider: String(
                (entity.spec as { provider?: string })?.provider ?? '',
              ),
            }))
            .sort((left, right) => left.name.localeCompare(right.name)),
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
