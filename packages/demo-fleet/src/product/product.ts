/**
 * The products, running: on each of its clusters, each service of a
 * product as a process (processes.ts) — rendered from the product template
 * (render.ts) for the demo's own storefront, or checked out of the
 * product's repository when its tenant is merged (gitops/) — behind the
 * cluster's ingress, which routes by Host (the product's entry point):
 * `/api` to the API, everything else to the web, and `/healthz` is the
 * web's readiness, which the DNS health check asks. The web reaches the API
 * through the API's Service, where the scenario's faults sit (faults.ts).
 * A cluster that goes down takes its processes with it; they start again
 * when it comes back.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DemoCluster, DemoService } from '../fleet';
import { Scenario } from '../scenario';
import { Running } from '../world';
import { errorShare, failEvenly } from './faults';
import {
  serviceProcess,
  ServiceProcess,
  servicePorts,
  writeRendered,
} from './processes';
import { forward } from './proxy';

export interface ClusterProduct {
  /** Serves the cluster's ingress: /healthz, /api/…, and the web, by Host. */
  ingress: http.RequestListener;
  /** The services' processes, each a scrape target (127.0.0.1:port). */
  processes: ServiceProcess[];
}

/** One product to run: its services, where, and its entry point's name. */
export interface ProductDeployment {
  product: string;
  hostname: string;
  services: DemoService[];
  /** The clusters it runs on (its tenant's). */
  clusters: string[];
  /** Where each service's package.json and src/ are. */
  dirOf(service: DemoService): string;
}

export interface Product {
  of(cluster: string): ClusterProduct;
  /** Starts another product's services on its clusters (a merged tenant). */
  deploy(deployment: ProductDeployment): Promise<void>;
  /**
   * Stops a product's services everywhere and takes its hostname off the
   * ingresses (its tenant left the infra repo, or changed and is deployed
   * again).
   */
  undeploy(product: string): Promise<void>;
  /** The products running, by name. */
  products(): string[];
  /** A service's process on a cluster, as the Kubernetes stand-in shows it. */
  running(cluster: string, service: string): Running | undefined;
  /** Where Prometheus scrapes these services on a cluster: name → host:port. */
  targets(cluster: string, services: DemoService[]): Map<string, string>;
  /** Kills a cluster's processes (down) or starts them again. */
  setDown(cluster: string, down: boolean): Promise<void>;
  stop(): Promise<void>;
}

const kindOf = (service: DemoService) =>
  service.name.slice(service.product.length + 1);

/** The API's Service in a cluster: forwards to the API, with the faults. */
async function apiService(apiPort: number, scenario: () => Scenario) {
  const fail = failEvenly();
  const server = http.createServer((req, res) => {
    const now = scenario();
    const answer = () => {
      if (fail(errorShare(now))) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('upstream unavailable (demo fault)\n');
      } else forward(req, res, apiPort);
    };
    if (now.latencyMs > 0) setTimeout(answer, now.latencyMs);
    else answer();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The demo's own product, rendered from the template: the storefront. */
export function storefrontDeployment(
  clusters: DemoCluster[],
  services: DemoService[],
): ProductDeployment {
  return {
    product: 'storefront',
    hostname: 'shop.trinity.example',
    services,
    clusters: clusters.map(cluster => cluster.name),
    dirOf: service => writeRendered(service.product, service.name),
  };
}

export async function startProduct(options: {
  clusters: DemoCluster[];
  scenario: (cluster: string) => Scenario;
  /** What runs from the start (the storefront). */
  initial: ProductDeployment[];
}): Promise<Product> {
  /** Each running product: its processes, API Services and hostname. */
  const deployed = new Map<
    string,
    {
      processes: ServiceProcess[];
      closers: Array<() => Promise<void>>;
      hostname: string;
    }
  >();
  const byCluster = new Map<
    string,
    {
      processes: ServiceProcess[];
      /** Hostname → the ports of its web and API on this cluster. */
      hosts: Map<string, { web?: number; api?: number }>;
    }
  >(
    options.clusters.map(cluster => [
      cluster.name,
      { processes: [], hosts: new Map() },
    ]),
  );

  const ingressOf =
    (cluster: string): http.RequestListener =>
    (req, res) => {
      const hosts = byCluster.get(cluster)!.hosts;
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const route = hosts.get(host);
      const url = req.url ?? '/';
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end(
          `no product serves ${
            host || '(no Host header)'
          } on ${cluster} (serving: ${[...hosts.keys()].join(', ')})\n`,
        );
      } else if (url === '/healthz') {
        // The gateway is healthy for a product while its web is ready.
        if (route.web) forward(req, res, route.web, '/readyz');
        else res.end(`ok ${cluster}\n`);
      } else if (route.api && (url === '/api' || url.startsWith('/api/'))) {
        forward(req, res, route.api);
      } else if (route.web) {
        forward(req, res, route.web);
      } else {
        res.writeHead(404).end();
      }
    };

  async function deploy(deployment: ProductDeployment) {
    if (deployed.has(deployment.product)) return;
    const own = {
      processes: [] as ServiceProcess[],
      closers: [] as Array<() => Promise<void>>,
      hostname: deployment.hostname,
    };
    deployed.set(deployment.product, own);
    const on = options.clusters.filter(cluster =>
      deployment.clusters.includes(cluster.name),
    );
    const ports = await servicePorts(
      on.map(cluster => cluster.name),
      deployment.services.map(service => service.name),
    );
    const dirs = new Map(
      deployment.services.map(service => [
        service.name,
        deployment.dirOf(service),
      ]),
    );
    const started: ServiceProcess[] = [];
    for (const cluster of on) {
      const port = (service: DemoService) =>
        ports.get(`${cluster.name}/${service.name}`)!;
      const web = deployment.services.find(
        service => kindOf(service) === 'web',
      );
      const api = deployment.services.find(
        service => kindOf(service) === 'api',
      );
      const apiUrl = api
        ? await apiService(port(api), () => options.scenario(cluster.name))
        : undefined;
      if (apiUrl) own.closers.push(apiUrl.close);
      const processes = deployment.services.map(service =>
        serviceProcess({
          dir: dirs.get(service.name)!,
          service: service.name,
          cluster: cluster.name,
          port: port(service),
          env: service === web && apiUrl ? { API_URL: apiUrl.url } : {},
        }),
      );
      const entry = byCluster.get(cluster.name)!;
      entry.processes.push(...processes);
      entry.hosts.set(deployment.hostname, {
        web: web && port(web),
        api: api && port(api),
      });
      started.push(...processes);
    }
    own.processes.push(...started);
    await Promise.all(started.map(proc => proc.start()));
  }

  async function undeploy(product: string) {
    const own = deployed.get(product);
    if (!own) return;
    deployed.delete(product);
    for (const entry of byCluster.values()) {
      entry.hosts.delete(own.hostname);
      entry.processes = entry.processes.filter(
        proc => !own.processes.includes(proc),
      );
    }
    await Promise.all(own.processes.map(proc => proc.stop()));
    await Promise.all(own.closers.map(close => close()));
  }

  const stop = async () => {
    const running = [...deployed.values()];
    await Promise.all(
      running.flatMap(own => own.processes).map(proc => proc.stop()),
    );
    await Promise.all(
      running.flatMap(own => own.closers).map(close => close()),
    );
  };
  try {
    for (const deployment of options.initial) await deploy(deployment);
  } catch (error) {
    await stop();
    throw error;
  }
  const of = (cluster: string) => {
    const found = byCluster.get(cluster);
    if (!found) throw new Error(`unknown cluster ${cluster}`);
    return { processes: found.processes, ingress: ingressOf(cluster) };
  };
  return {
    of,
    deploy,
    undeploy,
    products: () => [...deployed.keys()],
    running(cluster, service) {
      const proc = byCluster
        .get(cluster)
        ?.processes.find(candidate => candidate.service === service);
      return proc && { up: proc.up(), restarts: proc.restarts() };
    },
    targets(cluster, services) {
      return new Map(
        of(cluster)
          .processes.filter(proc =>
            services.some(service => service.name === proc.service),
          )
          .map(proc => [proc.service, `127.0.0.1:${proc.port}`]),
      );
    },
    async setDown(cluster, down) {
      const { processes } = of(cluster);
      await Promise.all(
        processes.map(proc => (down ? proc.stop() : proc.start())),
      );
    },
    stop,
  };
}
