import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

// What the portal is for, in the words of the people who use it. Links are
// portal-relative so they work the same on the embedded default and production.
const content = `
**Trinity** is the developer portal of our platform: one production Kubernetes
cluster in each of AWS, GCP and Azure, run as one.

| you want to… | go to |
| --- | --- |
| create a product or a service | [Create](/create): templates open a pull request against the infra repo |
| see your product on every cluster | [Catalog](/catalog) → your system → its Kubernetes and docs tabs |
| know who owns what | [Catalog](/catalog?filters%5Bkind%5D=group) → groups and their products |
| read a runbook or a design decision | [Docs](/docs) |

Changes to a product are allowed to its owner team; platform admins can do
everything. Every change that touches the clusters goes through a reviewed pull
request.
`;

const aboutWidget = HomePageWidgetBlueprint.make({
  name: 'about',
  params: {
    name: 'TrinityAbout',
    title: 'What Trinity is for',
    description: 'What the portal does and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [aboutWidget],
});
