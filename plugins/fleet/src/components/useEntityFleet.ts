import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityFleet } from '@internal/plugin-fleet-common';
import { usePolled } from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { REFRESH_MS } from './refresh';

/**
 * The fleet view of the entity on the page, polled. The Fleet tab and the
 * SLO and policy cards all read it; the backend serves them from one cache.
 */
export function useEntityFleet() {
  const { entity } = useEntity();
  const api = useApi(fleetApiRef);
  const load = useCallback(
    () =>
      api.getEntityFleet({
        kind: entity.kind,
        namespace: entity.metadata.namespace,
        name: entity.metadata.name,
      }),
    [api, entity],
  );
  return {
    entity,
    ...usePolled<EntityFleet>(load, { intervalMs: REFRESH_MS }),
  };
}
