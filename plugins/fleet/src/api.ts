import { createApiRef } from '@backstage/frontend-plugin-api';
import { FleetApi } from '@internal/plugin-fleet-common';

export const fleetApiRef = createApiRef<FleetApi>({ id: 'plugin.fleet' });
