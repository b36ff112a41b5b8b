import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityFleet, fleetChannels } from '@internal/plugin-fleet-common';
import { useLive } from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { REFRESH_MS } from './refresh';

/**
 * The fleet view of the entity on the page, live: loaded again when the
 * backend signals that one of its cells changed (polled as a fallback). The
 * Fleet tab and the SLO and policy cards all read it; the backend serves
 * them from one cache.
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
    ...useLive<EntityFleet>(load, {
      intervalMs: REFRESH_MS,
      channel: fleetChannels.entity(stringifyEntityRef(entity)),
    }),
  };
}
