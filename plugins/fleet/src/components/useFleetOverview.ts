import { useCallback } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FleetOverview,
  fleetChannels,
  OverviewQuery,
} from '@internal/plugin-fleet-common';
import { useLive } from '@internal/plugin-platform-react';
import { fleetApiRef } from '../api';
import { REFRESH_MS } from './refresh';

/**
 * Every product by cluster, live: loaded again when the backend signals an
 * overview change (polled as a fallback). The overview page (filtered and
 * paged on the server) and the home page's fleet card both read it.
 */
export function useFleetOverview(query?: OverviewQuery) {
  const api = useApi(fleetApiRef);
  // One load per distinct query, not per render's new object.
  const key = JSON.stringify(query ?? {});
  const load = useCallback(() => api.getOverview(JSON.parse(key)), [api, key]);
  return useLive<FleetOverview>(load, {
    intervalMs: REFRESH_MS,
    channel: fleetChannels.overview,
  });
}
