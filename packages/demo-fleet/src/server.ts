import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import express from 'express';
import { adminRouter } from './admin/router';
import { applicationsFor, unreachable } from './argocd/applications';
import { policySetApplication } from './argocd/policySet';
import { argocdRouter, ArgoCdAuth } from './argocd/router';
import {
  BASE_PORT,
  centralArgoCdPort,
  DemoCluster,
  ingressOf,
  DemoService,
  dnsPortOf,
  powerDnsPort,
  services as defaultServices,
  withBasePort,
} from './fleet';
import { clusterObjects } from './kubernetes/objects';
import { KubeObject } from './kubernetes/kubeObject';
import { rolloutStepsOf, scenarioCanaryTag } from './kubernetes/rollouts';
import { ActionOutcome, ReleaseStore } from './releases';
import { Application } from './argocd/applications';
import { kubernetesRouter, KubernetesRouter } from './kubernetes/router';
import { WatchOptions } from './kubernetes/watch';
import { powerDnsRouter } from './powerdns/router';
import { startRealPowerDns } from './powerdns/real';
import {
  ClusterPrometheus,
  proxyRouter,
  startClusterPrometheus,
} from './prometheus/real';
import { Product, startProduct, storefrontDeployment } from './product/product';
import {
  Load,
  LoadTarget,
  PAGES_PER_CLUSTER_PER_SECOND,
  resolveWith,
  startLoad,
} from './product/load';
import { seedZones } from './powerdns/seed';
import { Scenario, ScenarioStore } from './scenario';
import { errorShare } from './product/faults';
import { registerTenant, unregisterTenant } from './tenants';
import { InfraWatch, watchInfraRepo } from './gitops/watch';
import { checkoutServices } from './gitops/productRepo';
import {
  DEMO_ZONE,
  publishEntryPoint,
  withdrawEntryPoint,
} from './gitops/entryPoint';
import { MergedTenant } from './gitops/infraRepo';

export interface DemoFleetOptions {
  /** First port; the admin API listens here, clusters above it. Default 7100. */
  basePort?: number;
  host?: string;
  /** Seed for every generated value. Default `trinity`. */
  seed?: string;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Watch cadences of every cluster's Kubernetes API (tests shorten them). */
  watch?: WatchOptions;
  services?: DemoService[];
  argocd?: {
    auth?: ArgoCdAuth;
    /** Tokens that may read and patch applications (the kill switch's write token). */
    apiTokens?: string[];
    /** Tokens that may only read (the fleet's read token). */
    readOnlyTokens?: string[];
  };
  /**
   * PowerDNS API key (default `demo-fleet-pdns-key`, a demo value, not a
   * secret), and whether to run the real PowerDNS (Debian's pdns-server,
   * answering DNS on `base + 53`) instead of the stand-in API: the
   * embedded default does when it is installed.
   */
  powerdns?: { apiKey?: string; real?: boolean };
  /**
   * Each cluster's Prometheus: Debian's, scraping the cluster's running
   * services, with the tenants' Sloth rules and three days of history,
   * behind the cluster's Prometheus port. It needs the product running, so
   * it starts it. `longWindowSeconds`: how often the windows longer than an
   * hour are evaluated (default every scrape, 5 s; the embedded default
   * runs for days and says 30: prometheus/real.ts).
   *
   * `false`: no Prometheus runs, and the port answers 503 saying so (as a
   * Prometheus that is not there would make the portal say), for suites
   * that read no SLO.
   */
  prometheus?: false | { longWindowSeconds?: number };
  /**
   * Clusters failing their customers from the start, and for the
   * FAILING_FOR_MINUTES before it (prometheus/real.ts): their scenario
   * starts so, their Prometheus's history holds that error share for
   * those minutes, so the page alert's windows see the burn at the first
   * evaluation, and `scenarios.reset()` returns them to it.
   */
  failing?: Record<string, Partial<Pick<Scenario, 'burning' | 'degraded'>>>;
  /**
   * Run the product: each service of each cluster as a process rendered
   * from the product template, behind the cluster's ingress, with
   * customers loading pages through the entry point.
   */
  product?: { real?: boolean };
  /**
   * GitOps, played: watch the forge's infra repository (`<forgeDir>/<infraRepo>.git`)
   * and, when a tenant is merged, run its services (from its repository on
   * the forge) on its clusters and publish its entry point. Needs the
   * product running.
   */
  gitops?: { forgeDir: string; infraRepo: string; intervalMs?: number };
  /**
   * Canaries of a ring's new tag (GitOps): how long each `pause` and
   * `analysis` step of a Rollout lasts, in ms (the demo's minutes).
   * Default 5000.
   */
  rollouts?: { stepMs?: number };
}

export interface DemoFleet {
  clusters: DemoCluster[];
  /**
   * Requests served so far, by cluster and API (`kubernetes`, `argocd`,
   * `prometheus`): how tests and benchmarks see the load the portal puts on
   * the clusters. What customers ask the ingress is not in it (the admin
   * API's `/requests` has it): it never stops while the product runs.
   */
  requests(): Record<string, Record<string, number>>;
  scenarios: ScenarioStore;
  adminUrl: string;
  powerDnsUrl: string;
  /** Where the real PowerDNS answers DNS queries; absent with the stand-in. */
  dnsPort?: number;
  /** The running product and its customers, when it runs. */
  product?: Product;
  load?: Load;
  /** The infra repository's watch, with GitOps on. */
  gitops?: InfraWatch;
  /** Which tag each service runs where, per the infra repo's ring files. */
  releases: ReleaseStore;
  /** The central Argo CD (management cluster): every cluster's apps by destination. */
  centralArgoCdUrl: string;
  urls(cluster: string): {
    kubernetes: string;
    argocd: string;
    prometheus: string;
  };
  stop(): Promise<void>;
}

/**
 * A cluster's ingress: the running product behind it when it runs, else
 * only the health check the DNS asks (up while the cluster is).
 */
function ingressRouter(cluster: string, product?: Product) {
  const router = express.Router();
  if (product) {
    router.use((req, res) => product.of(cluster).ingress(req, res));
    return router;
  }
  router.get('/healthz', (_req, res) => {
    res.type('text/plain').send(`ok ${cluster}\n`);
  });
  return router;
}

/**
 * A cluster's Prometheus port when the fleet runs none (`prometheus:
 * false`): the error a Prometheus API gives when it cannot serve, naming
 * why, so a reader says the SLOs are unknown instead of guessing them.
 */
function noPrometheusRouter() {
  const router = express.Router();
  router.use((_req, res) => {
    res.status(503).json({
      status: 'error',
      errorType: 'unavailable',
      error:
        'this demo fleet runs no Prometheus (started with prometheus: false)',
    });
  });
  return router;
}

/** Latency and refusal, as a slow or dead cluster would show them. */
function scenarioMiddleware(
  scenarios: ScenarioStore,
  cluster: string,
): express.RequestHandler {
  return (_req, _res, next) => {
    const { latencyMs } = scenarios.get(cluster);
    if (latencyMs > 0) setTimeout(next, latencyMs);
    else next();
  };
}

/** A listener that can be closed (connection refused) and opened again. */
class Switchable {
  private server?: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  constructor(
    private readonly app: express.Express,
    private readonly port: number,
    private readonly host: string,
  ) {}

  async open() {
    if (this.server) return;
    const server = http.createServer(this.app);
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.server = server;
  }

  async close() {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  get boundPort() {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.port;
  }
}

export async function startDemoFleet(
  options: DemoFleetOptions = {},
): Promise<DemoFleet> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 'trinity';
  const now = options.now ?? (() => new Date());
  // Every product's services; a merged tenant adds its own (gitops/).
  const services = [...(options.services ?? defaultServices)];
  const servicesOn = (cluster: DemoCluster) =>
    services.filter(
      service => !service.clusters || service.clusters.includes(cluster.name),
    );
  const clusters = withBasePort(options.basePort ?? BASE_PORT);
  const scenarios = new ScenarioStore(
    clusters.map(cluster => cluster.name),
    options.failing,
  );
  const auth = options.argocd?.auth ?? {
    username: 'admin',
    password: 'demo-fleet',
  };
  const apiTokens = options.argocd?.apiTokens ?? ['demo-fleet-argocd-token'];
  const readOnlyTokens = options.argocd?.readOnlyTokens ?? [
    'demo-fleet-argocd-read',
  ];

  // The ring files' versions and canaries (filled by the GitOps watch).
  const releases = new ReleaseStore({
    now,
    stepMs: options.rollouts?.stepMs ?? 5000,
    stepsOf: rolloutStepsOf,
    burning: name => scenarios.has(name) && scenarios.get(name).burning,
  });
  scenarios.onReset(() => releases.reset());
  /**
   * Argo CD's Rollout actions on a cluster: abort and retry the canary the
   * Rollout shows (the ring file's, or the `canary=true` scenario's);
   * resume and promote-full the ring file's.
   */
  const rolloutAction =
    (clusterOf: (app: Application) => string | undefined) =>
    (app: Application, rollout: KubeObject, action: string): ActionOutcome => {
      const cluster = clusterOf(app);
      if (!cluster || !scenarios.has(cluster)) return 'unsupported';
      const service = rollout.metadata.name;
      const status = (rollout.status ?? {}) as { abort?: boolean };
      // The canary the Rollout shows: a ring's new tag, else the scenario's.
      const ringCanary = releases.view(cluster, service)?.canary;
      let canaryTag = ringCanary?.tag;
      if (!canaryTag && scenarios.get(cluster).canary) {
        canaryTag = scenarioCanaryTag(seed, service);
      }
      const ringOnly = (run: () => ActionOutcome): ActionOutcome => {
        if (ringCanary) return run();
        return canaryTag ? 'unsupported' : 'nothing-to-do';
      };
      switch (action) {
        case 'abort':
          if (!canaryTag || status.abort) return 'nothing-to-do';
          return releases.abort(cluster, service, canaryTag);
        case 'retry':
          if (!canaryTag || !status.abort) return 'nothing-to-do';
          return releases.retry(cluster, service, canaryTag);
        case 'promote-full':
          return ringOnly(() => releases.promoteFull(cluster, service));
        case 'resume':
          return ringOnly(() => releases.resume(cluster, service));
        default:
          return 'unsupported';
      }
    };

  const listeners = new Map<string, Switchable[]>();
  // Each cluster's Kubernetes API, whose open watches stop() ends.
  const kubernetesApis: KubernetesRouter[] = [];
  const counts: Record<string, Record<string, number>> = {};
  const counting =
    (cluster: string, api: string): express.RequestHandler =>
    (_req, _res, next) => {
      counts[cluster] ??= {};
      counts[cluster][api] = (counts[cluster][api] ?? 0) + 1;
      next();
    };
  // The product, when asked for (real Prometheus scrapes it), and each
  // cluster's real Prometheus scraping its services.
  const storefront = storefrontDeployment(clusters, services);
  const prometheusOptions = options.prometheus ?? {};
  const product =
    options.product?.real || prometheusOptions
      ? await startProduct({
          clusters,
          scenario: name => scenarios.get(name),
          initial: [storefront],
        })
      : undefined;
  const prometheusOf = new Map<string, ClusterPrometheus>();
  if (prometheusOptions) {
    await Promise.all(
      clusters.map(async cluster => {
        prometheusOf.set(
          cluster.name,
          await startClusterPrometheus({
            cluster,
            services: servicesOn(cluster),
            targets: product!.targets(cluster.name, servicesOn(cluster)),
            recentErrorShare: errorShare(scenarios.get(cluster.name)),
            longWindowSeconds: prometheusOptions.longWindowSeconds,
          }),
        );
      }),
    );
  }
  // With the product running, pods and Argo CD health follow its processes.
  const runningOn = (cluster: string) =>
    product && ((service: string) => product.running(cluster, service));
  // The ingress counts what it serves; with the product running, the
  // scenario's latency sits where its faults do (the API's Service).
  const ingress = (cluster: string) => {
    const app = express();
    app.disable('x-powered-by');
    app.use(counting(cluster, 'ingress'));
    if (!product) app.use(scenarioMiddleware(scenarios, cluster));
    app.use(ingressRouter(cluster, product));
    return app;
  };
  for (const cluster of clusters) {
    const real = prometheusOf.get(cluster.name);
    const objects = () =>
      clusterObjects(
        seed,
        cluster,
        servicesOn(cluster),
        scenarios.get(cluster.name),
        now(),
        runningOn(cluster.name),
        releases,
      );
    const apps = () => [
      ...applicationsFor(
        seed,
        cluster,
        servicesOn(cluster),
        scenarios.get(cluster.name),
        now(),
        'per-cluster',
        runningOn(cluster.name),
        releases,
      ),
      policySetApplication(
        cluster,
        scenarios.get(cluster.name),
        now(),
        'per-cluster',
      ),
    ];
    const make = (router: express.Router, api: string) => {
      const app = express();
      app.disable('x-powered-by');
      app.use(counting(cluster.name, api));
      app.use(scenarioMiddleware(scenarios, cluster.name));
      app.use(router);
      return app;
    };
    const kubernetes = kubernetesRouter(
      objects,
      cluster.name,
      cluster.kubernetesVersion,
      options.watch,
    );
    kubernetesApis.push(kubernetes);
    listeners.set(cluster.name, [
      new Switchable(
        make(kubernetes, 'kubernetes'),
        cluster.ports.kubernetes,
        host,
      ),
      new Switchable(
        make(
          argocdRouter({
            applications: apps,
            objects: () => objects(),
            auth,
            apiTokens,
            readOnlyTokens,
            onReset: listener => scenarios.onReset(listener),
            rolloutAction: rolloutAction(() => cluster.name),
          }),
          'argocd',
        ),
        cluster.ports.argocd,
        host,
      ),
      new Switchable(
        make(
          real ? proxyRouter(() => real.url) : noPrometheusRouter(),
          'prometheus',
        ),
        cluster.ports.prometheus,
        host,
      ),
      new Switchable(
        ingress(cluster.name),
        ingressOf(
          clusters.indexOf(cluster),
          options.basePort ?? BASE_PORT,
        ).port,
        ingressOf(
          clusters.indexOf(cluster),
          options.basePort ?? BASE_PORT,
        ).address,
      ),
    ]);
  }
  // Customers start once everything answers (below); the admin API reads them.
  const customers: { load?: Load } = {};
  const admin = express();
  admin.use(
    adminRouter(
      clusters,
      scenarios,
      () => structuredClone(counts),
      // The customers start once everything answers, after this router.
      () => ({ product, load: customers.load }),
    ),
  );
  const adminListener = new Switchable(
    admin,
    options.basePort ?? BASE_PORT,
    host,
  );

  // The global DNS is not part of any one cluster: it stays up when one dies.
  const apiKey = options.powerdns?.apiKey ?? 'demo-fleet-pdns-key';
  const zones = seedZones(
    clusters,
    now(),
    ingressOf(0, options.basePort ?? BASE_PORT).port,
  );
  const realDns = options.powerdns?.real
    ? await startRealPowerDns({
        apiKey,
        apiPort: powerDnsPort(options.basePort ?? BASE_PORT),
        dnsPort: dnsPortOf(options.basePort ?? BASE_PORT),
        zones,
      })
    : undefined;
  const powerDns = express();
  powerDns.use(powerDnsRouter({ apiKey, now, seed: zones }));
  const powerDnsListener = realDns
    ? undefined
    : new Switchable(
        powerDns,
        powerDnsPort(options.basePort ?? BASE_PORT),
        host,
      );

  // The central Argo CD lives on a management cluster: it stays up when a
  // workload cluster dies and reports that cluster's apps as unreachable.
  const central = express();
  central.disable('x-powered-by');
  central.use(counting('management', 'argocd'));
  central.use(
    argocdRouter({
      applications: () =>
        clusters.flatMap(cluster => {
          const scenario = scenarios.get(cluster.name);
          const apps = [
            ...applicationsFor(
              seed,
              cluster,
              servicesOn(cluster),
              scenario,
              now(),
              'central',
              runningOn(cluster.name),
              releases,
            ),
            policySetApplication(cluster, scenario, now(), 'central'),
          ];
          const server = `https://${host}:${cluster.ports.kubernetes}`;
          return scenario.down
            ? apps.map(app => unreachable(app, server))
            : apps;
        }),
      objects: app => {
        const name = (app.spec.destination as { name?: string }).name;
        const cluster = clusters.find(candidate => candidate.name === name);
        if (!cluster || scenarios.get(cluster.name).down) return [];
        return clusterObjects(
          seed,
          cluster,
          servicesOn(cluster),
          scenarios.get(cluster.name),
          now(),
          runningOn(cluster.name),
          releases,
        );
      },
      auth,
      apiTokens,
      readOnlyTokens,
      onReset: listener => scenarios.onReset(listener),
      rolloutAction: rolloutAction(
        app => (app.spec.destination as { name?: string }).name,
      ),
    }),
  );
  const centralListener = new Switchable(
    central,
    centralArgoCdPort(options.basePort ?? BASE_PORT),
    host,
  );

  await adminListener.open();
  await powerDnsListener?.open();
  // Where the portal writes the global DNS: the real PowerDNS's API, or the
  // stand-in's port once it is bound.
  const powerDnsUrl =
    realDns?.url ?? `http://${host}:${powerDnsListener!.boundPort}`;
  await centralListener.open();
  for (const ls of listeners.values())
    for (const listener of ls) await listener.open();

  // A down cluster refuses connections on every API, like a dead control plane.
  // Its processes die with it and start again when it is back.
  scenarios.onChange(async (cluster, scenario) => {
    if (!scenario.down) await product?.setDown(cluster, false);
    for (const listener of listeners.get(cluster)!) {
      if (scenario.down) await listener.close();
      else await listener.open();
    }
    if (scenario.down) await product?.setDown(cluster, true);
  });

  // Customers, once everything answers: through the real DNS when it runs,
  // else round-robin over the product's clusters that are up.
  const ingressPort = ingressOf(0, options.basePort ?? BASE_PORT).port;
  const entryPoints = new Map<string, LoadTarget>();
  const visit = (hostname: string, on: string[]) => {
    let next = 0;
    entryPoints.set(hostname, {
      host: hostname,
      resolve: realDns
        ? resolveWith(realDns.dnsPort, hostname)
        : async () => {
            const up = clusters
              .map((cluster, index) => ({ cluster, index }))
              .filter(
                ({ cluster }) =>
                  on.includes(cluster.name) &&
                  !scenarios.get(cluster.name).down,
              );
            if (!up.length) return undefined;
            next = (next + 1) % up.length;
            return ingressOf(up[next].index).address;
          },
    });
  };
  if (product) visit(storefront.hostname, storefront.clusters);
  const load = product
    ? startLoad({
        port: ingressPort,
        perSecond: PAGES_PER_CLUSTER_PER_SECOND * clusters.length,
        targets: () => [...entryPoints.values()],
      })
    : undefined;
  customers.load = load;

  // GitOps, played: a merged tenant's services start on its clusters, its
  // SLO rules and scrape targets join its clusters' Prometheus, its entry
  // point is published, and customers visit it.
  const gitopsOptions = options.gitops;
  const initialProducts = product?.products() ?? [];
  /** Tenants the watch deployed, as they were when it did. */
  const synced = new Map<string, MergedTenant>();
  const fingerprint = (tenant: MergedTenant) =>
    JSON.stringify([tenant.clusters, tenant.hostname, tenant.objects]);
  const clustersOfTenant = (tenant: MergedTenant) =>
    clusters.filter(cluster => tenant.clusters.includes(cluster.name));

  async function deployTenant(tenant: MergedTenant) {
    const on = clustersOfTenant(tenant);
    const dirs = checkoutServices(
      gitopsOptions!.forgeDir,
      tenant.team,
      tenant.product,
      tenant.services.map(service => service.name),
    );
    registerTenant(tenant.product, tenant.objects);
    services.push(...tenant.services);
    await product!.deploy({
      product: tenant.product,
      hostname: tenant.hostname ?? `${tenant.product}.${DEMO_ZONE}`,
      services: tenant.services,
      clusters: on.map(cluster => cluster.name),
      dirOf: service => dirs.get(service.name)!,
    });
    for (const cluster of on) {
      await prometheusOf
        .get(cluster.name)
        ?.addServices(
          tenant.services,
          product!.targets(cluster.name, tenant.services),
        );
    }
    if (tenant.hostname) {
      await publishEntryPoint({
        powerDnsUrl,
        apiKey,
        hostname: tenant.hostname,
        addresses: on.map(
          cluster => ingressOf(clusters.indexOf(cluster)).address,
        ),
        port: ingressPort,
      });
      visit(
        tenant.hostname,
        on.map(cluster => cluster.name),
      );
    }
    process.stdout.write(
      `demo fleet: synced ${tenant.product} (${tenant.services
        .map(service => service.name)
        .join(', ')}) on ${on.map(cluster => cluster.name).join(', ')}\n`,
    );
  }

  /** Undoes deployTenant; the entry point goes only if the tenant left. */
  async function withdraw(
    tenant: MergedTenant,
    wanted: Map<string, MergedTenant>,
  ) {
    const names = tenant.services.map(service => service.name);
    await product!.undeploy(tenant.product);
    for (const cluster of clusters) {
      await prometheusOf.get(cluster.name)?.removeServices(names);
    }
    services.splice(
      0,
      services.length,
      ...services.filter(service => !names.includes(service.name)),
    );
    unregisterTenant(tenant.product);
    if (tenant.hostname) {
      entryPoints.delete(tenant.hostname);
      // Still in the repo under the same name: deployTenant republishes it
      // keeping the portal's weights; otherwise it leaves DNS.
      const stays = [...wanted.values()].some(
        other => other.hostname === tenant.hostname,
      );
      if (!stays) {
        await withdrawEntryPoint({
          powerDnsUrl,
          apiKey,
          hostname: tenant.hostname,
        });
      }
    }
    process.stdout.write(`demo fleet: withdrew ${tenant.product}\n`);
  }

  const gitops =
    product && gitopsOptions
      ? watchInfraRepo({
          gitDir: path.join(
            gitopsOptions.forgeDir,
            `${gitopsOptions.infraRepo}.git`,
          ),
          intervalMs: gitopsOptions.intervalMs,
          sync: async (tenants, rings) => {
            // Each cluster runs its ring's tag of every ring file (the
            // storefront's too): a ring whose tag changed canaries it.
            releases.sync(
              tenants.flatMap(tenant => tenant.ringFiles),
              new Map([...rings].filter(([name]) => scenarios.has(name))),
            );
            // Argo CD reconciles: a tenant that changed is deployed again,
            // one that left the infra repo is stopped, a new one started.
            // The storefront (run from the start) is not the watch's.
            const wanted = new Map(
              tenants
                .filter(tenant => !initialProducts.includes(tenant.product))
                .map(tenant => [tenant.product, tenant]),
            );
            for (const [name, was] of synced) {
              const current = wanted.get(name);
              if (current && fingerprint(current) === fingerprint(was))
                continue;
              await withdraw(was, wanted);
              synced.delete(name);
            }
            for (const tenant of wanted.values()) {
              if (synced.has(tenant.product)) continue;
              await deployTenant(tenant);
              synced.set(tenant.product, tenant);
            }
          },
        })
      : undefined;
  await gitops?.poll();

  return {
    clusters,
    scenarios,
    requests: () =>
      Object.fromEntries(
        Object.entries(counts).map(([cluster, apis]) => {
          const { ingress: _customers, ...portal } = apis;
          return [cluster, portal];
        }),
      ),
    adminUrl: `http://${host}:${adminListener.boundPort}`,
    powerDnsUrl,
    ...(realDns && { dnsPort: realDns.dnsPort }),
    product,
    load,
    gitops,
    releases,
    centralArgoCdUrl: `http://${host}:${centralListener.boundPort}`,
    urls(name: string) {
      const cluster = clusters.find(candidate => candidate.name === name);
      if (!cluster) throw new Error(`unknown cluster ${name}`);
      return {
        kubernetes: `http://${host}:${cluster.ports.kubernetes}`,
        argocd: `http://${host}:${cluster.ports.argocd}`,
        prometheus: `http://${host}:${cluster.ports.prometheus}`,
      };
    },
    async stop() {
      gitops?.stop();
      releases.stop();
      load?.stop();
      for (const kubernetes of kubernetesApis) kubernetes.closeWatches('end');
      for (const ls of listeners.values())
        for (const listener of ls) await listener.close();
      await adminListener.close();
      await powerDnsListener?.close();
      await realDns?.stop();
      for (const real of prometheusOf.values()) await real.stop();
      await product?.stop();
      await centralListener.close();
    },
  };
}
