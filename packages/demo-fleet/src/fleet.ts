/**
 * What the demo fleet plays: three production clusters and the products that
 * run on them. Names match infra/registry/ and catalog/products/.
 */
export interface DemoCluster {
  name: string;
  provider: 'aws' | 'gcp' | 'azure';
  region: string;
  /** Minor version its API server reports; the same as infra/registry/. */
  kubernetesVersion: string;
  /** Loopback ports of this cluster's APIs. */
  ports: { kubernetes: number; argocd: number; prometheus: number };
}

export interface DemoService {
  /** `backstage.io/kubernetes-id` of the catalog Component. */
  name: string;
  product: string;
  namespace: string;
  replicas: number;
  hpaMax: number;
  image: string;
  /** Sloth SLO objective, as a ratio. */
  objective: number;
  /** The clusters it runs on; all of them when absent (the storefront). */
  clusters?: string[];
  /** The owning team (its tenant's `team` label); `team-<product>` when absent. */
  team?: string;
}

/** The team that owns a service: its Argo CD project and `team` label. */
export function teamOf(service: DemoService): string {
  return service.team ?? `team-${service.product}`;
}

export const BASE_PORT = 7100;

/** Port layout: 7100 admin; cluster i uses 7111+10i (k8s), +1 (Argo CD), +2 (Prometheus). */
export function clusterPorts(index: number, base = BASE_PORT) {
  const first = base + 11 + index * 10;
  return { kubernetes: first, argocd: first + 1, prometheus: first + 2 };
}

/**
 * Each cluster's ingress, where the global entry point sends users: its own
 * loopback address (127.0.0.11, .12, .13) on one port (7180), serving the
 * health check the DNS provider runs. It dies with its cluster.
 */
export function ingressOf(index: number, base = BASE_PORT) {
  return { address: `127.0.0.${11 + index}`, port: base + 80 };
}

/** A central Argo CD on a management cluster, holding every cluster's apps: 7105. */
export function centralArgoCdPort(base = BASE_PORT) {
  return base + 5;
}

/** The global DNS (PowerDNS API) of the demo fleet: 7140. */
export function powerDnsPort(base = BASE_PORT) {
  return base + 40;
}

/** Where the real PowerDNS answers DNS queries (UDP and TCP): 7153. */
export function dnsPortOf(base = BASE_PORT) {
  return base + 53;
}

export const clusters: DemoCluster[] = [
  {
    name: 'aws-use1-prod-01',
    kubernetesVersion: '1.33',
    provider: 'aws',
    region: 'us-east-1',
    ports: clusterPorts(0),
  },
  {
    name: 'gcp-euw1-prod-01',
    kubernetesVersion: '1.33',
    provider: 'gcp',
    region: 'europe-west1',
    ports: clusterPorts(1),
  },
  {
    name: 'azure-eastus-prod-01',
    kubernetesVersion: '1.32',
    provider: 'azure',
    region: 'eastus',
    ports: clusterPorts(2),
  },
];

export const services: DemoService[] = [
  {
    name: 'storefront-web',
    product: 'storefront',
    namespace: 'storefront',
    replicas: 3,
    hpaMax: 10,
    image: 'registry.trinity.example/storefront/web',
    objective: 0.999,
  },
  {
    name: 'storefront-api',
    product: 'storefront',
    namespace: 'storefront',
    replicas: 4,
    hpaMax: 12,
    image: 'registry.trinity.example/storefront/api',
    objective: 0.999,
  },
];

export function withBasePort(base: number): DemoCluster[] {
  return clusters.map((cluster, index) => ({
    ...cluster,
    ports: clusterPorts(index, base),
  }));
}
