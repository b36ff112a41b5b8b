import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { annotations } from '@internal/plugin-platform-common';
import { TrafficClient } from '@internal/plugin-traffic-common';
import { trafficApiRef } from './api';

const trafficApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: trafficApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TrafficClient({ discoveryApi, fetchApi }),
    }),
});

// On every product that declares a global entry point.
const failoverTab = EntityContentBlueprint.make({
  params: {
    path: '/failover',
    title: 'Failover',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[annotations.entryPoint]),
    loader: async () => {
      const { FailoverTab } = await import('./components/FailoverTab');
      return <FailoverTab />;
    },
  },
});

// On every cluster of the registry: move every product off it at once.
const evacuateTab = EntityContentBlueprint.make({
  name: 'evacuate',
  params: {
    path: '/evacuate',
    title: 'Evacuate',
    filter: { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
    loader: async () => {
      const { EvacuationTab } = await import('./components/EvacuationTab');
      return <EvacuationTab />;
    },
  },
});

export const trafficPlugin = createFrontendPlugin({
  pluginId: 'traffic',
  extensions: [trafficApi, failoverTab, evacuateTab],
});
