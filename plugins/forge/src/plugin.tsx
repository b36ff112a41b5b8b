import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import CallMergeIcon from '@material-ui/icons/CallMerge';

const rootRouteRef = createRouteRef();

// The local forge of the embedded default: repositories the templates
// created and the pull requests they opened (branches with a record).
const forgePage = PageBlueprint.make({
  params: {
    path: '/forge',
    // A route ref is what puts the page in the sidebar.
    routeRef: rootRouteRef,
    title: 'Forge',
    icon: <CallMergeIcon />,
    loader: async () => {
      const { ForgePage } = await import('./components/ForgePage');
      return <ForgePage />;
    },
  },
});

export const forgePlugin = createFrontendPlugin({
  pluginId: 'forge',
  // Title, icon and root route put the page in the sidebar.
  title: 'Forge',
  icon: <CallMergeIcon />,
  routes: { root: rootRouteRef },
  extensions: [forgePage],
});
