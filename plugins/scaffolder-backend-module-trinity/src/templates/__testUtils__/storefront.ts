/** The storefront's new-product inputs: what renders the repo's storefront. */
export const storefront = {
  name: 'storefront',
  title: 'Storefront',
  description: 'The web shop customers buy from.',
  team: 'group:default/team-storefront',
  services: ['web', 'api'],
  clouds: ['aws-use1-prod-01', 'gcp-euw1-prod-01', 'azure-eastus-prod-01'],
  tier: 'tier-1',
  sloObjective: 99.9,
  latencyTargetMs: 300,
  hostname: 'shop.trinity.example',
  minReplicas: 3,
  maxReplicas: 12,
};
