import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

// What the portal is for, in the words of the people who use it. Links are
// portal-relative so they work the same on the embedded default and production.
const content = `
**Trinity** is the developer portal of our platform: one production Kubernetes
cluster in each of AWS, GCP and Azure, run as one.

- **See your product on every cluster**: [Fleet](/fleet), or its Fleet tab:
  Argo CD, workloads, SLO burn, Kyverno, share of traffic, failover readiness.
- **Move its traffic off a failing cloud**: its Failover tab. Preview, safety
  checks, a reason, then apply; every change is audited.
- **Take a whole cloud out** (on-call): the cluster's Evacuate tab; rehearse first.
- **Create a product or a service**: [Create](/create). Templates open pull
  requests; a platform admin merges the infra one on the [Forge](/forge).
- **Read a runbook or a decision**: [Docs](/docs).
- **Know who owns what**: [Catalog](/catalog?filters%5Bkind%5D=group).

A product's traffic, auto-sync and pull requests are its owner team's to
change; platform admins review the infra repo.
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
