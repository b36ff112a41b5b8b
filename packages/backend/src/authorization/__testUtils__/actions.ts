/*
 * The actions of the authorization matrix: each one HTTP request (or a
 * Scaffolder task followed to its end) made as one actor on one resource,
 * turned into allow or deny. Changes that were allowed are undone by the
 * same actor, so the next row starts from the same state; changes that
 * were refused are checked to have changed nothing at the source (PowerDNS,
 * Argo CD, the forge).
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  ActorId,
  actors,
  INFRA_REPO,
  ProductId,
  products,
  repoRoot,
  tempDir,
} from './fixtures';
import {
  autoSync,
  CLUSTER,
  decisionOf,
  directoryContents,
  headersOf,
  Matrix,
  Outcome,
  powerDnsWeights,
  runTask,
  TaskResult,
  templateFile,
} from './harness';

export type Action =
  | 'read fleet'
  | 'read traffic'
  | 'preview'
  | 'shift'
  | 'rehearse evacuation'
  | 'pause sync'
  | 'pause promotions'
  | 'merge'
  | 'run new-product'
  | 'run new-service'
  | 'run new-cluster'
  | 'dry-run'
  | 'read task';

/** What an action is done on. */
export type Resource =
  | ProductId
  | 'a cluster'
  | 'infra repo'
  | 'new-product template'
  | "guest's task";

/**
 * A refused task: a step that named the team or repository the user may not
 * act for (userAccess.ts, validateProduct.ts, servicePlan.ts).
 */
const REFUSAL =
  /not a member|belongs to|may not|only (its team|platform admins|members)/i;

function fail(message: string): never {
  throw new Error(message);
}

export function createActions(matrix: Matrix) {
  const { server, fleet, forge } = matrix;
  const work = tempDir('trinity-matrix-work-');
  let serial = 0;
  let clusterCount = 0;
  const next = () => `${Date.now().toString(36)}${++serial}`;
  /** Each actor's last task, for the rows that read someone else's. */
  const tasks: Partial<Record<ActorId, string>> = {};

  const trafficPath = (product: ProductId) =>
    `/api/traffic/entities/system/default/${products[product].name}`;

  const asProduct = (resource: Resource): ProductId => {
    if (resource === 'storefront' || resource === 'wallet') return resource;
    return fail(`${resource} is not a product`);
  };

  /** A pull request changing one new file, on the repository's default branch. */
  async function openPullRequest(repo: string, authorRef: string) {
    const n = next();
    const dir = path.join(work.dir, `checkout-${n}`);
    await forge.checkout(repo, dir);
    fs.mkdirSync(path.join(dir, 'matrix'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'matrix', `${n}.md`),
      `Authorization matrix change ${n}.\n`,
    );
    const name = authorRef.split('/').pop()!;
    const { pullRequest } = await forge.openPullRequest(repo, dir, {
      branch: `matrix/${n}`,
      title: `Matrix change ${n}`,
      description: 'A one-file change for the authorization matrix.',
      author: {
        name,
        email: `${name}@users.noreply.invalid`,
        ref: authorRef,
      },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    return pullRequest;
  }

  async function merge(actor: ActorId, repo: string, authorRef: string) {
    const pr = await openPullRequest(repo, authorRef);
    const res = await request(server)
      .post(`/api/forge/pulls/${pr.id}/merge`)
      .set(headersOf(actor));
    const outcome = decisionOf(res);
    const state = (await forge.listPullRequests(repo)).find(
      p => p.id === pr.id,
    )?.state;
    const wanted = outcome.decision === 'allow' ? 'merged' : 'open';
    if (state !== wanted) {
      fail(
        `merge of ${repo}#${pr.id} answered ${res.status}, but the request is ${state}`,
      );
    }
    return {
      ...outcome,
      detail: outcome.detail || `${repo}#${pr.id} ${state}`,
    };
  }

  /** A task's outcome: completed allows; failed with a refusal naming `names` denies. */
  function taskOutcome(
    actor: ActorId,
    result: TaskResult,
    names: string,
  ): Outcome {
    if (!result.id) {
      // Not created: refused (401, 403) or not a request the matrix expects.
      return decisionOf({
        status: result.status,
        body: { error: { message: result.message } },
      });
    }
    tasks[actor] = result.id;
    if (result.taskStatus === 'completed') {
      return { decision: 'allow', status: result.status, detail: 'completed' };
    }
    if (
      result.taskStatus === 'failed' &&
      REFUSAL.test(result.message) &&
      result.message.includes(names)
    ) {
      return {
        decision: 'deny',
        status: result.status,
        detail: result.message,
      };
    }
    return fail(
      `task ${result.id} ${result.taskStatus} without a refusal naming ${names}: ${result.message}`,
    );
  }

  const newProductValues = (team: string, name: string) => ({
    name,
    title: `Matrix ${name}`,
    description: 'A product of the authorization matrix.',
    team: `group:default/${team}`,
    services: ['api'],
    clouds: ['aws-use1-prod-01', 'gcp-euw1-prod-01'],
    tier: 'tier-2',
    sloObjective: 99.5,
    latencyTargetMs: 250,
    hostname: `${name}.trinity.example`,
    minReplicas: 2,
    maxReplicas: 6,
  });

  const actions: Record<
    Action,
    (actor: ActorId, resource: Resource) => Promise<Outcome>
  > = {
    async 'read fleet'(actor, resource) {
      const res = await request(server)
        .get(`/api/fleet/entities/system/default/${asProduct(resource)}`)
        .set(headersOf(actor));
      return decisionOf(res);
    },

    async 'read traffic'(actor, resource) {
      const res = await request(server)
        .get(trafficPath(asProduct(resource)))
        .set(headersOf(actor));
      return decisionOf(res);
    },

    // Rehearsing asks the same permission as evacuating and writes nothing:
    // what is checked is who may, and that a refusal changed nothing.
    async 'rehearse evacuation'(actor) {
      const hostnames = Object.values(products).map(p => p.hostname);
      const before = await Promise.all(
        hostnames.map(name => powerDnsWeights(fleet, name)),
      );
      const res = await request(server)
        .post(`/api/traffic/clusters/${CLUSTER}/evacuations`)
        .set(headersOf(actor))
        .send({
          mode: 'rehearsal',
          reason: 'matrix rehearsal',
          confirmCluster: CLUSTER,
        });
      const after = await Promise.all(
        hostnames.map(name => powerDnsWeights(fleet, name)),
      );
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        fail(`an evacuation rehearsal changed PowerDNS: ${before} → ${after}`);
      }
      return decisionOf(res);
    },

    async preview(actor, resource) {
      const product = asProduct(resource);
      const before = await powerDnsWeights(fleet, products[product].hostname);
      const res = await request(server)
        .post(`${trafficPath(product)}/preview`)
        .set(headersOf(actor))
        .send({ kind: 'drain', cluster: CLUSTER, reason: 'matrix preview' });
      const after = await powerDnsWeights(fleet, products[product].hostname);
      if (after.join() !== before.join()) {
        fail(`a preview changed PowerDNS: ${before} → ${after}`);
      }
      return decisionOf(res);
    },

    async shift(actor, resource) {
      const product = asProduct(resource);
      const { hostname } = products[product];
      const before = await powerDnsWeights(fleet, hostname);
      const act = (kind: 'drain' | 'restore') =>
        request(server)
          .post(`${trafficPath(product)}/actions`)
          .set(headersOf(actor))
          .set('Idempotency-Key', `matrix-${next()}`)
          .send({
            kind,
            cluster: CLUSTER,
            reason: `authorization matrix: ${kind} as ${actor}`,
          });
      const res = await act('drain');
      const outcome = decisionOf(res);
      const after = await powerDnsWeights(fleet, hostname);
      if (outcome.decision === 'deny' || res.status !== 200) {
        if (after.join() !== before.join()) {
          fail(
            `refused (${res.status}), but PowerDNS changed: ${before} → ${after}`,
          );
        }
        return outcome;
      }
      if (after[0] !== 0) fail(`applied, but PowerDNS holds ${after}`);
      // The same actor puts it back, so the next row starts from 1,1,1.
      const restored = await act('restore');
      const back = await powerDnsWeights(fleet, hostname);
      if (restored.status !== 200 || back.join() !== before.join()) {
        fail(
          `restore as ${actor} answered ${restored.status} ${JSON.stringify(
            restored.body,
          )}; PowerDNS holds ${back}`,
        );
      }
      return { ...outcome, detail: `drained: ${before} → ${after}, restored` };
    },

    async 'pause sync'(actor, resource) {
      const product = asProduct(resource);
      const before = await autoSync(fleet, product);
      if (before.length === 0)
        fail(`no applications of ${product} on ${CLUSTER}`);
      const toggle = (paused: boolean) =>
        request(server)
          .post(`${trafficPath(product)}/sync`)
          .set(headersOf(actor))
          .set('Idempotency-Key', `matrix-${next()}`)
          .send({
            cluster: CLUSTER,
            paused,
            reason: `authorization matrix: ${
              paused ? 'pause' : 'resume'
            } as ${actor}`,
          });
      const res = await toggle(true);
      const outcome = decisionOf(res);
      const after = await autoSync(fleet, product);
      if (outcome.decision === 'deny' || res.status !== 200) {
        if (after.join() !== before.join()) {
          fail(
            `refused (${res.status}), but Argo CD changed: ${before} → ${after}`,
          );
        }
        return outcome;
      }
      if (after.some(a => a.endsWith(':on'))) {
        fail(`applied, but Argo CD holds ${after}`);
      }
      const resumed = await toggle(false);
      const back = await autoSync(fleet, product);
      if (resumed.status !== 200 || back.join() !== before.join()) {
        fail(
          `resume as ${actor} answered ${resumed.status} ${JSON.stringify(
            resumed.body,
          )}; Argo CD holds ${back}`,
        );
      }
      return { ...outcome, detail: `paused ${after.join(', ')}, resumed` };
    },

    async 'pause promotions'(actor, resource) {
      const product = asProduct(resource);
      const branch = `promotions/${products[product].name}`;
      const pullOf = async () =>
        (await forge.listPullRequests(INFRA_REPO)).find(
          pr => pr.branch === branch && pr.state === 'open',
        );
      const before = await pullOf();
      const res = await request(server)
        .post(`${trafficPath(product)}/releases/promotions`)
        .set(headersOf(actor))
        .set('Idempotency-Key', `matrix-${next()}`)
        .send({
          paused: true,
          reason: `authorization matrix: pause promotions as ${actor}`,
        });
      const outcome = decisionOf(res);
      const after = await pullOf();
      if (outcome.decision === 'deny' || res.status !== 200) {
        if (after?.head !== before?.head) {
          fail(
            `refused (${res.status}), but ${branch} moved: ${before?.head} → ${after?.head}`,
          );
        }
        return outcome;
      }
      // Allowed: the pull request is open (a later allowed row updates it).
      if (
        !after ||
        !after.files?.every(file => file.endsWith('/promotions.yaml'))
      ) {
        fail(
          `allowed, but no pull request on ${branch} changing only promotions.yaml`,
        );
      }
      return { ...outcome, detail: `${INFRA_REPO}#${after.id} on ${branch}` };
    },

    async merge(actor, resource) {
      if (resource === 'infra repo') {
        // Written by amara: she may not merge it; another admin may.
        return merge(actor, INFRA_REPO, actors.amara.ref);
      }
      // Proposed by someone outside both teams (team search).
      return merge(
        actor,
        products[asProduct(resource)].repo,
        'user:default/jonas.weber',
      );
    },

    async 'run new-product'(actor, resource) {
      const { team } = products[asProduct(resource)];
      const name = `matrix-p${next()}`;
      const result = await runTask(
        server,
        actor,
        'template:default/new-product',
        newProductValues(team, name),
      );
      return taskOutcome(actor, result, team);
    },

    async 'run new-service'(actor, resource) {
      const product = asProduct(resource);
      const result = await runTask(
        server,
        actor,
        'template:default/new-service',
        {
          product: `system:default/${product}`,
          service: `mx${next()}`,
          kind: 'api',
          sloObjective: 99.5,
          latencyTargetMs: 200,
          minReplicas: 2,
          maxReplicas: 4,
        },
      );
      return taskOutcome(actor, result, products[product].team);
    },

    async 'run new-cluster'(actor) {
      const result = await runTask(
        server,
        actor,
        'template:default/new-cluster',
        {
          provider: 'aws',
          region: 'us-east-2',
          environment: 'production',
          name: `aws-mx${++clusterCount}-prod-01`,
          title: 'A cluster of the authorization matrix',
          purpose: 'Shared production workloads for every product',
          kubernetesVersion: '1.33',
          upgradeRing: 'ring-1',
          criticality: 'tier-1',
          systemNodeSize: 'medium',
          maxCpu: 256,
        },
      );
      return taskOutcome(actor, result, INFRA_REPO);
    },

    async 'dry-run'(actor) {
      const res = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set(headersOf(actor))
        .send({
          template: templateFile('product/new-product.yaml'),
          values: newProductValues('team-storefront', `matrix-d${next()}`),
          directoryContents: directoryContents(
            path.join(repoRoot, 'templates/product'),
          ),
        });
      const outcome = decisionOf(res);
      if (outcome.decision === 'allow') {
        const failed = JSON.stringify(res.body.log ?? []).includes('"failed"');
        return { ...outcome, detail: failed ? 'a step failed' : 'rendered' };
      }
      return outcome;
    },

    async 'read task'(actor) {
      if (!tasks.guest) {
        // No guest task yet (the row runs alone): start one.
        await actions['run new-cluster']('guest', 'infra repo');
      }
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${tasks.guest}`)
        .set(headersOf(actor));
      return decisionOf(res, { notFoundIsDeny: true });
    },
  };

  return { actions, cleanUp: () => work.remove() };
}
