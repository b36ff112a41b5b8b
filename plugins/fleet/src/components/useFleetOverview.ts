import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { FleetOverview, fleetChannels } from '@internal/plugin-fleet-common';
import { useLive } from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { REFRESH_MS } from './refresh';

/**
 * Every product by cluster, live: loaded again when the backend signals an
 * overview change (polled as a fallback). The overview page and the home
 * page's fleet card both read it.
 */
export function useFleetOverview() {
  const api = useApi(fleetApiRef);
  const load = useCallback(() => api.getOverview(), [api]);
  return useLive<FleetOverview>(load, {
    intervalMs: REFRESH_MS,
    channel: fleetChannels.overview,
  });
}
