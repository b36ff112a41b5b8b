import {
  createFrontendModule,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import CallMergeIcon from '@material-ui/icons/CallMerge';

// The local forge of the embedded default: repositories the templates
// created and the pull requests they opened (branches with a record).
const forgePage = PageBlueprint.make({
  name: 'forge',
  params: {
    path: '/forge',
    // A route ref is what puts the page in the sidebar.
    routeRef: createRouteRef(),
    title: 'Forge',
    icon: <CallMergeIcon />,
    loader: async () => {
      const { ForgePage } = await import('./ForgePage');
      return <ForgePage />;
    },
  },
});

export const forgeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [forgePage],
});
