import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FleetClient } from '@internal/plugin-fleet-common';
import { annotations } from '@internal/plugin-platform-common';
import { fleetApiRef } from './api';

const fleetApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fleetApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FleetClient({ discoveryApi, fetchApi }),
    }),
});

// On every entity that says which clusters it runs on.
const fleetTab = EntityContentBlueprint.make({
  params: {
    path: '/fleet',
    title: 'Fleet',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[annotations.clusters]),
    loader: async () => {
      const { FleetTab } = await import('./components/FleetTab');
      return <FleetTab />;
    },
  },
});

// On every cluster of the registry: its health and the products on it.
const clusterTab = EntityContentBlueprint.make({
  name: 'cluster',
  params: {
    path: '/fleet',
    title: 'Fleet',
    filter: { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
    loader: async () => {
      const { ClusterFleetTab } = await import('./components/ClusterFleetTab');
      return <ClusterFleetTab />;
    },
  },
});

/** Deployed on clusters and carrying one of the annotations a card reads. */
const runsOnClusters =
  (...anyOf: string[]) =>
  (entity: { metadata: { annotations?: Record<string, string> } }) => {
    const entityAnnotations = entity.metadata.annotations ?? {};
    return Boolean(
      entityAnnotations[annotations.clusters] &&
        anyOf.some(name => entityAnnotations[name]),
    );
  };

// At the top of the overview of what runs on clusters: where it runs, how
// each cluster is doing there, and whether it survives losing a cloud.
const summaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: runsOnClusters(annotations.clusters),
    loader: async () => {
      const { FleetSummaryCard } = await import(
        './components/FleetSummaryCard'
      );
      return <FleetSummaryCard />;
    },
  },
});

// On the overview of entities with SLOs: burn and budget on every cluster.
const sloCard = EntityCardBlueprint.make({
  name: 'slo',
  params: {
    filter: runsOnClusters(annotations.slothService),
    loader: async () => {
      const { SloCard } = await import('./components/SloCard');
      return <SloCard />;
    },
  },
});

// On the overview of entities with workloads: Kyverno results on every cluster.
const policyCard = EntityCardBlueprint.make({
  name: 'policy',
  params: {
    filter: runsOnClusters(
      annotations.kubernetesId,
      annotations.kubernetesLabelSelector,
    ),
    loader: async () => {
      const { PolicyCard } = await import('./components/PolicyCard');
      return <PolicyCard />;
    },
  },
});

const rootRouteRef = createRouteRef();

const fleetIcon = (
  <svg
    width="24"
    height="24"
    viewBox="0 0 24 24"
    fill="currentColor"
    aria-hidden
  >
    <circle cx="12" cy="5" r="3" />
    <circle cx="5" cy="18" r="3" />
    <circle cx="19" cy="18" r="3" />
  </svg>
);

// The fleet overview, in the sidebar: every product on every cluster.
const fleetPage = PageBlueprint.make({
  params: {
    path: '/fleet',
    routeRef: rootRouteRef,
    loader: async () => {
      const { OverviewPage } = await import('./components/OverviewPage');
      return <OverviewPage />;
    },
  },
});

export const fleetPlugin = createFrontendPlugin({
  pluginId: 'fleet',
  // Title, icon and root route put the overview in the sidebar.
  title: 'Fleet',
  icon: fleetIcon,
  routes: { root: rootRouteRef },
  extensions: [
    fleetApi,
    fleetTab,
    clusterTab,
    summaryCard,
    sloCard,
    policyCard,
    fleetPage,
  ],
});
