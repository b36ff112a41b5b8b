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
| see every product on every cluster: Argo CD, workloads, SLO burn, Kyverno, share of traffic | [Fleet](/fleet), or your product's Fleet tab |
| move a product's traffic away from a failing cloud | your product's Failover tab: preview, checks, reason, then apply; audited |
| take a whole cloud out (on-call) | the cluster's Evacuate tab: rehearse, then run |
| create a product or a service | [Create](/create): templates open a pull request against the infra repo |
| review what a template proposed | [Forge](/forge): pull requests, merged by a platform admin |
| know who owns what | [Catalog](/catalog?filters%5Bkind%5D=group) → groups and their products |
| read a runbook or a design decision | [Docs](/docs) |

A product's traffic, auto-sync and pull requests are its owner team's to
change; platform admins review the infra repo and may do everything. Every
change that touches the clusters goes through a reviewed pull request, and
every traffic change through the safety checks.
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

// The fleet's state now: clusters by status, products paging or burning,
// drains; the fleet plugin owns the card.
const fleetNowWidget = HomePageWidgetBlueprint.make({
  name: 'fleet-now',
  params: {
    name: 'FleetNow',
    title: 'The fleet now',
    description: 'Clusters, products paging or burning, and drains',
    components: async () => {
      const { FleetNowCard } = await import('@internal/plugin-fleet');
      return { Content: FleetNowCard };
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [aboutWidget, fleetNowWidget],
});
