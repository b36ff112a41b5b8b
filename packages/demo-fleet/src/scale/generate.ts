import { DemoCluster, DemoService } from '../fleet';
import { unit } from '../random';

/**
 * A fleet of any size, generated: N clusters round-robin over the three
 * clouds and their regions, M products each on a subset of them (two to
 * four clusters) with one to three services. The same seed and sizes always
 * give the same fleet, so a benchmark's runs compare like with like, and the
 * catalog the portal reads (`scaleCatalog`) follows from the same fleet.
 */
export interface ScaleFleetShape {
  clusters: DemoCluster[];
  services: DemoService[];
  /** Product names, in order. */
  products: string[];
}

const regions: Record<DemoCluster['provider'], string[]> = {
  aws: ['use1', 'usw2', 'euc1', 'apse1'],
  gcp: ['euw1', 'use4', 'asne1', 'usc1'],
  azure: ['eastus', 'westeurope', 'japaneast', 'uksouth'],
};
const providers: Array<DemoCluster['provider']> = ['aws', 'gcp', 'azure'];
const kinds = ['web', 'api', 'worker'];

export function generateScaleFleet(options: {
  clusters: number;
  products: number;
  seed?: string;
}): ScaleFleetShape {
  const seed = options.seed ?? 'scale';
  if (options.clusters < 1 || options.products < 0) {
    throw new Error('a fleet needs at least one cluster');
  }
  const clusters: DemoCluster[] = Array.from(
    { length: options.clusters },
    (_, index) => {
      const provider = providers[index % 3];
      const round = Math.floor(index / 3);
      const region = regions[provider][round % regions[provider].length];
      const number = String(Math.floor(round / 4) + 1).padStart(2, '0');
      return {
        name: `${provider}-${region}-prod-${number}`,
        provider,
        region,
        kubernetesVersion: '1.33',
        // One port serves every cluster of a scaled fleet (by path).
        ports: { kubernetes: 0, argocd: 0, prometheus: 0 },
      };
    },
  );
  const products = Array.from(
    { length: options.products },
    (_, index) => `product-${String(index).padStart(3, '0')}`,
  );
  const services = products.flatMap(product => {
    // Two to four clusters (fewer when the fleet is smaller), picked by a
    // deterministic shuffle so products spread over every cluster.
    const count = Math.min(
      clusters.length,
      2 + Math.floor(unit(seed, product, 'clusters') * 3),
    );
    const on = [...clusters]
      .sort(
        (left, right) =>
          unit(seed, product, left.name) - unit(seed, product, right.name),
      )
      .slice(0, count)
      .map(cluster => cluster.name);
    const serviceCount = 1 + Math.floor(unit(seed, product, 'services') * 3);
    return kinds.slice(0, serviceCount).map(
      (kind): DemoService => ({
        name: `${product}-${kind}`,
        product,
        namespace: product,
        replicas: 2 + Math.floor(unit(seed, product, kind, 'replicas') * 4),
        hpaMax: 12,
        image: `registry.trinity.example/${product}/${kind}`,
        objective: 0.999,
        clusters: on,
        team: `team-${Math.floor(unit(seed, product, 'team') * 12)}`,
      }),
    );
  });
  return { clusters, services, products };
}
