/*
 * One in-process backend with the portal's real plugins — permission backend
 * with the Trinity policy, catalog with the forge's module, Scaffolder with
 * Trinity's module, the forge backend, traffic, fleet — against the demo fleet (Argo CD, Kubernetes,
 * Prometheus, PowerDNS on loopback), and the actions of the authorization
 * matrix as HTTP requests a signed-in user (or nobody) makes.
 *
 * What is not the production wiring, and why:
 * - Sign-in: mock credentials (`mockCredentials.user.header(ref)`); a
 *   request without a header is unauthenticated (mock httpAuth with
 *   `mockCredentials.none()` as its default).
 * - userInfo: the user and the groups of their `spec.memberOf`, as the
 *   sign-in resolver puts them into the token (catalog/org.yaml, plus ada).
 * - auth: the mock auth service, except that a token a plugin gets on behalf
 *   of a user keeps the plugin as the actor, as Backstage's own auth service
 *   does. The permission backend refuses a user token without an actor for
 *   conditional requests, and the apply-conditions endpoint refuses it too:
 *   with plain mock tokens every ownership decision would fail.
 * - The core Kubernetes plugin's proxy cannot run under Jest (a dynamic ESM
 *   import), so a stand-in serves its proxy contract by forwarding to the
 *   demo fleet, as plugins/fleet-backend/src/plugin.test.ts does; the fleet
 *   view needs it for its workloads column, which the traffic safety rules
 *   read.
 * - events: Backstage's own events service, in-process only
 *   (`events.useEventBus: never`; the portal has no events backend either,
 *   and the test backend's default mock would give each plugin its own
 *   bus).
 */
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { parse } from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  BackstageUserPrincipal,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import roadieUtils from '@roadiehq/scaffolder-backend-module-utils';
import trinityPolicy from '@internal/plugin-permission-backend-module-trinity-policy';
import clusterRegistry from '@internal/plugin-catalog-backend-module-cluster-registry';
import trafficPlugin from '@internal/plugin-traffic-backend';
import powerDnsModule from '@internal/plugin-traffic-backend-module-powerdns';
import fleetPlugin from '@internal/plugin-fleet-backend';
import fleetArgoCd from '@internal/plugin-fleet-backend-module-argocd';
import fleetKubernetes from '@internal/plugin-fleet-backend-module-kubernetes';
import fleetSlo from '@internal/plugin-fleet-backend-module-slo';
import { startDemoFleet, DemoFleet, services } from '@internal/demo-fleet';
import {
  parsePowerDnsLua,
  renderPowerDnsLua,
} from '@internal/plugin-traffic-common';
import scaffolderModuleTrinity from '@internal/plugin-scaffolder-backend-module-trinity';
import forgePlugin from '@internal/plugin-forge-backend';
import catalogModuleForge from '@internal/plugin-catalog-backend-module-forge';
import { LocalForge } from '@internal/plugin-forge-node';
import {
  ActorId,
  actors,
  adaYaml,
  infraSeed,
  INFRA_REPO,
  orgUsers,
  ProductId,
  products,
  productTree,
  repoRoot,
  tempDir,
} from './fixtures';

/** Ports 18600-18680: no other test of the repository uses them. */
export const BASE_PORT = 18600;
const APP_BASE_URL = 'http://localhost:3000';
const CLONE_BASE_URL = 'https://git.trinity.example';
const PDNS_KEY = 'demo-fleet-pdns-key';
const ARGOCD_READ = 'demo-fleet-argocd-read';
const ARGOCD_WRITE = 'demo-fleet-argocd-token';
/** The cluster the traffic and auto-sync rows act on. */
export const CLUSTER = 'aws-use1-prod-01';

/** The user info service as sign-in fills it: the user and their groups. */
function userInfoFromOrg() {
  const users = orgUsers();
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const ref = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        const user = users.find(u => `user:default/${u.metadata.name}` === ref);
        const groups = ((user?.spec?.memberOf as string[]) ?? []).map(
          g => `group:default/${g}`,
        );
        return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] };
      },
    }),
  });
}

/** Mock auth whose on-behalf-of user tokens name the calling plugin as actor. */
const authKeepingActor = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => inner.authenticate(token, options),
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return inner.getPluginRequestToken(options);
      },
    };
  },
});

/** The core Kubernetes plugin's proxy contract, served from the demo fleet. */
function kubernetesProxyStandIn(fleet: () => DemoFleet) {
  return createBackendPlugin({
    pluginId: 'kubernetes',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.get('/proxy/*', async (req, res) => {
            await httpAuth.credentials(req, { allow: ['service'] });
            const cluster = String(req.header('Backstage-Kubernetes-Cluster'));
            const upstream = await fetch(
              `${fleet().urls(cluster).kubernetes}${req.originalUrl.replace(
                /^\/api\/kubernetes\/proxy/,
                '',
              )}`,
            );
            res.status(upstream.status).json(await upstream.json());
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/** The wallet's services on the demo fleet's clusters. */
const walletServices = services
  .filter(s => s.product === 'storefront')
  .map(s => ({
    ...s,
    name: s.name.replace('storefront', 'wallet'),
    product: 'wallet',
    namespace: 'wallet',
    image: s.image.replace('storefront', 'wallet'),
  }));

export type Decision = 'allow' | 'deny';
export interface Outcome {
  decision: Decision;
  status: number;
  /** What came back: the error message, or what happened. */
  detail: string;
}

const messageOf = (body: any) =>
  body?.error?.message ?? (typeof body === 'object' ? '' : String(body ?? ''));

/**
 * The decision a response stands for: 401 and 403 refuse; 2xx, and 409 from
 * a rule that runs after the permission check (safety checks, anti-flap,
 * already merged), allow. Anything else is not an answer the matrix
 * expects, and fails the row with what came back.
 */
export function decisionOf(
  res: { status: number; body: any },
  options: { notFoundIsDeny?: boolean } = {},
): Outcome {
  const detail = messageOf(res.body);
  if (res.status >= 500) {
    throw new Error(`server error ${res.status}: ${JSON.stringify(res.body)}`);
  }
  if (
    res.status === 401 ||
    res.status === 403 ||
    (res.status === 404 && options.notFoundIsDeny)
  ) {
    return { decision: 'deny', status: res.status, detail };
  }
  if ((res.status >= 200 && res.status < 300) || res.status === 409) {
    return { decision: 'allow', status: res.status, detail };
  }
  throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

export type Matrix = Awaited<ReturnType<typeof startMatrix>>;

/**
 * Starts the demo fleet and the backend, with a forge holding the infra repo
 * (plus the wallet's tenant) and both products' repositories, and waits
 * until the catalog has both products, their tenants and entry points.
 */
export async function startMatrix() {
  const tmp = tempDir('trinity-matrix-');
  const forgeDir = path.join(tmp.dir, 'forge');
  const seed = infraSeed(tmp.dir);
  const forge = new LocalForge({
    directory: forgeDir,
    cloneBaseUrl: CLONE_BASE_URL,
    appBaseUrl: APP_BASE_URL,
  });
  for (const id of Object.keys(products) as ProductId[]) {
    const tree = productTree(tmp.dir, id);
    await forge.createRepo(products[id].repo, tree, {
      message: `Create ${products[id].repo}`,
      author: { name: 'Trinity', email: 'trinity@users.noreply.invalid' },
    });
    fs.rmSync(tree, { recursive: true, force: true });
  }
  const adaFile = path.join(tmp.dir, 'ada.yaml');
  fs.writeFileSync(adaFile, adaYaml);

  let fleet: DemoFleet | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    fleet = await startDemoFleet({
      basePort: BASE_PORT,
      seed: 'authorization-matrix',
      services: [...services, ...walletServices],
    });
    const demo = fleet;
    await publishEntryPoint(demo, products.wallet.hostname);
    await moveWalletAppsToTeamProject(demo);

    const registry = path.join(repoRoot, 'infra/registry/*.yaml');
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        trinityPolicy,
        catalogPlugin,
        scaffolderEntityModel,
        clusterRegistry,
        catalogModuleForge,
        scaffolderPlugin,
        scaffolderModuleTrinity,
        forgePlugin,
        roadieUtils,
        trafficPlugin,
        powerDnsModule,
        fleetPlugin,
        fleetArgoCd,
        fleetKubernetes,
        fleetSlo,
        kubernetesProxyStandIn(() => demo),
        // One bus for every plugin: the forge's repo-changed events reach
        // the catalog, as in the portal.
        eventsServiceFactory,
        userInfoFromOrg(),
        authKeepingActor,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: APP_BASE_URL },
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            // In-process only: no events backend to reach.
            events: { useEventBus: 'never' },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [
                { allow: ['Component', 'System', 'API', 'Location', 'Domain'] },
              ],
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog/org.yaml'),
                  rules: [{ allow: ['Group', 'User'] }],
                },
                {
                  type: 'file',
                  target: adaFile,
                  rules: [{ allow: ['User'] }],
                },
                {
                  type: 'file',
                  target: registry,
                  rules: [{ allow: ['Resource'] }],
                },
                {
                  type: 'file',
                  target: path.join(repoRoot, 'templates/all.yaml'),
                  rules: [{ allow: ['Template', 'Location'] }],
                },
              ],
            },
            scaffolder: {
              defaultAuthor: {
                name: 'Trinity',
                email: 'trinity@users.noreply.invalid',
              },
            },
            trinity: {
              fleet: { deadlineMs: 3000 },
              forge: {
                type: 'local',
                cloneBaseUrl: CLONE_BASE_URL,
                infraRepo: INFRA_REPO,
                local: {
                  directory: forgeDir,
                  seed: [{ repo: INFRA_REPO, from: seed }],
                },
              },
              publicZones: [
                {
                  name: 'trinity.example',
                  zoneId: 'Z0TRINITYEXAMPLE0000001',
                  provider: 'powerdns',
                },
              ],
              clusterRegistry: {
                locations: [{ type: 'file', target: registry }],
              },
              clusters: Object.fromEntries(
                demo.clusters.map((c, i) => [
                  c.name,
                  {
                    kubernetes: {
                      url: demo.urls(c.name).kubernetes,
                      authProvider: 'localKubectlProxy',
                    },
                    argocd: {
                      url: demo.urls(c.name).argocd,
                      readToken: ARGOCD_READ,
                      writeToken: ARGOCD_WRITE,
                    },
                    prometheus: { url: demo.urls(c.name).prometheus },
                    ingress: `127.0.0.${11 + i}`,
                  },
                ]),
              ),
              traffic: {
                defaultProvider: 'powerdns',
                cooldownSeconds: 0,
                powerdns: {
                  url: demo.powerDnsUrl,
                  apiKey: PDNS_KEY,
                  zone: 'trinity.example',
                  healthCheck: { port: BASE_PORT + 80, timeoutMs: 500 },
                },
              },
            },
          },
        }),
      ],
    });
  } catch (e) {
    await backend?.stop();
    await fleet?.stop();
    tmp.remove();
    throw e;
  }
  const server = backend.server;
  const running = fleet;
  const started = backend;
  const stop = async () => {
    await started.stop();
    await running.stop();
    tmp.remove();
  };

  const ready = [
    'system:default/storefront',
    'system:default/wallet',
    'resource:default/tenant-storefront',
    'resource:default/tenant-wallet',
    'resource:default/shop.trinity.example',
    'resource:default/pay.trinity.example',
    'user:default/ada',
    'template:default/new-product',
    'template:default/new-service',
    'template:default/new-cluster',
    ...running.clusters.map(c => `resource:default/${c.name}`),
  ];
  try {
    await until(
      'the catalog',
      async () => {
        const res = await request(server)
          .post('/api/catalog/entities/by-refs')
          .set('Authorization', mockCredentials.service.header())
          .send({ entityRefs: ready });
        const items = (res.body.items ?? []) as any[];
        const systemsFromForge = items
          .filter(e => e?.kind === 'System')
          .every(e => e.metadata.annotations?.['trinity.io/source-repo']);
        const clustersBound = items
          .filter(
            e =>
              e?.kind === 'Resource' && e.spec?.type === 'kubernetes-cluster',
          )
          .every(e => e.metadata.annotations?.['trinity.io/argocd-url']);
        return items.length === ready.length &&
          items.every(Boolean) &&
          systemsFromForge &&
          clustersBound
          ? true
          : undefined;
      },
      60_000,
    );
  } catch (e) {
    await stop();
    throw e;
  }

  return { server, fleet: running, forge, stop };
}

/** Puts a product's entry point into the demo PowerDNS, weight 1 on each cluster. */
async function publishEntryPoint(fleet: DemoFleet, hostname: string) {
  const res = await fetch(
    `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
    {
      method: 'PATCH',
      headers: { 'X-API-Key': PDNS_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        rrsets: [
          {
            name: `${hostname}.`,
            type: 'LUA',
            ttl: 30,
            changetype: 'REPLACE',
            records: [
              {
                content: renderPowerDnsLua({
                  host: hostname,
                  port: BASE_PORT + 80,
                  path: '/healthz',
                  targets: fleet.clusters.map((_, i) => ({
                    address: `127.0.0.${11 + i}`,
                    weight: 1,
                  })),
                }),
                disabled: false,
              },
            ],
          },
        ],
      }),
    },
  );
  if (res.status !== 204) {
    throw new Error(`PowerDNS refused ${hostname}: ${res.status}`);
  }
}

/**
 * The demo fleet puts a product's applications in the project
 * `team-<product>`; the wallet's tenant gives them team-payments' project,
 * as an infra repo would. Set through the demo Argo CD's API, with the
 * write token.
 */
async function moveWalletAppsToTeamProject(fleet: DemoFleet) {
  for (const cluster of fleet.clusters) {
    for (const app of walletServices) {
      const res = await fetch(
        `${fleet.urls(cluster.name).argocd}/api/v1/applications/${app.name}`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${ARGOCD_WRITE}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            name: app.name,
            patch: JSON.stringify({ spec: { project: 'team-payments' } }),
            patchType: 'merge',
          }),
        },
      );
      if (!res.ok)
        throw new Error(`Argo CD refused ${app.name}: ${res.status}`);
    }
  }
}

/** The Authorization header of an actor; none for anonymous. */
export function headersOf(actor: ActorId): Record<string, string> {
  const ref = actors[actor].ref;
  return ref ? { Authorization: mockCredentials.user.header(ref) } : {};
}

/** The weights PowerDNS holds for a hostname, read from its API. */
export async function powerDnsWeights(fleet: DemoFleet, hostname: string) {
  const zone = await (
    await fetch(
      `${fleet.powerDnsUrl}/api/v1/servers/localhost/zones/trinity.example.`,
      { headers: { 'X-API-Key': PDNS_KEY } },
    )
  ).json();
  const rr = zone.rrsets.find((r: any) => r.name === `${hostname}.`);
  return parsePowerDnsLua(rr.records[0].content)!.targets.map(t => t.weight);
}

/** Whether each of a product's applications on a cluster has auto-sync on. */
export async function autoSync(
  fleet: DemoFleet,
  product: string,
  cluster = CLUSTER,
) {
  const res = await fetch(
    `${
      fleet.urls(cluster).argocd
    }/api/v1/applications?selector=app.kubernetes.io/part-of%3D${product}`,
    { headers: { Authorization: `Bearer ${ARGOCD_READ}` } },
  );
  return ((await res.json()).items as any[]).map(
    a => `${a.metadata.name}:${a.spec.syncPolicy?.automated ? 'on' : 'off'}`,
  );
}

/** Every file of a template's folder, as the dry-run API takes them. */
export function directoryContents(dir: string, prefix = '') {
  const out: Array<{ path: string; base64Content: string }> = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), {
    withFileTypes: true,
  })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...directoryContents(dir, rel));
    else {
      out.push({
        path: rel,
        base64Content: fs.readFileSync(path.join(dir, rel)).toString('base64'),
      });
    }
  }
  return out;
}

/** A template file of templates/, parsed. */
export function templateFile(file: string) {
  return parse(fs.readFileSync(path.join(repoRoot, 'templates', file), 'utf8'));
}

export interface TaskResult {
  id?: string;
  status: number;
  taskStatus?: string;
  /** The failure's message, or the completion's. */
  message: string;
}

/**
 * Runs a template as a task for the actor and follows it, as that actor,
 * until it completes or fails (up to 120 s).
 */
export async function runTask(
  server: any,
  actor: ActorId,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<TaskResult> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set(headersOf(actor))
    .send({ templateRef, values });
  if (created.status !== 201) {
    return { status: created.status, message: messageOf(created.body) };
  }
  const id = created.body.id as string;
  const task = await until(
    `task ${id}`,
    async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(headersOf(actor));
      if (res.status !== 200) {
        throw new Error(`reading task ${id}: ${res.status} ${res.text}`);
      }
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    120_000,
  );
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set(headersOf(actor));
  const completion = ((events.body ?? []) as any[]).find(
    e => e.type === 'completion',
  );
  return {
    id,
    status: created.status,
    taskStatus: task.status,
    message: String(
      completion?.body?.error?.message ?? completion?.body?.message ?? '',
    ),
  };
}
