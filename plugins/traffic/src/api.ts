import { createApiRef } from '@backstage/frontend-plugin-api';
import { TrafficApi } from '@internal/plugin-traffic-common';

export const trafficApiRef = createApiRef<TrafficApi>({ id: 'plugin.traffic' });
