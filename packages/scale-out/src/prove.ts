/*
 * The scale-out proofs (issue 9), against two real backend replicas on one
 * PostgreSQL and one Redis behind a round-robin proxy, with the demo fleet:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs packages/scale-out/src/prove.ts
 *
 * Run by `./trinity test scale`. Figures go to stdout and
 * test-results/scale-out.json; replica logs to test-results/scale-out/.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { findRepoRoot, ScaleOut, startScaleOut } from './harness';
import { countBy, trafficHistory } from './history';
import {
  call,
  changeTraffic,
  entityPage,
  fleetOf,
  guestToken,
  load,
  signIn,
  STOREFRONT,
  STOREFRONT_API,
  trafficOf,
  upstreamTotal,
  waitForEntity,
} from './client';

const repoRoot = findRepoRoot();
const results: Record<string, unknown> = {};
let scaleOut: ScaleOut;
let token: string;

before(async () => {
  scaleOut = await startScaleOut({
    repoRoot,
    logDir: path.join(repoRoot, 'test-results', 'scale-out'),
    config: {
      // Upstream load from viewers only (no background refresh), and cells
      // fresh for 2 s so each phase has several refresh rounds.
      trinity: {
        fleet: {
          refresh: { intervalSeconds: 0 },
          cache: { freshSeconds: 2, staleSeconds: 60 },
        },
        traffic: {
          cooldownSeconds: 0,
          settleAfterSeconds: 10,
          providerTimeoutSeconds: 3,
          // A run whose replica dies is taken over within seconds.
          evacuation: { leaseSeconds: 5, checkEverySeconds: 2 },
        },
      },
    },
  });
  token = await guestToken(scaleOut.url);
  await waitForEntity(scaleOut.url, token, STOREFRONT);
  await waitForEntity(scaleOut.url, token, STOREFRONT_API);
});

after(async () => {
  const out = path.join(repoRoot, 'test-results', 'scale-out.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  await scaleOut?.stop();
});

/** Requests per API (all clusters) between two readings of the counters. */
function byApi(
  now: Record<string, Record<string, number>>,
  then: Record<string, Record<string, number>>,
) {
  const out: Record<string, number> = {};
  for (const [cluster, apis] of Object.entries(now)) {
    for (const [api, count] of Object.entries(apis)) {
      out[api] = (out[api] ?? 0) + count - (then[cluster]?.[api] ?? 0);
    }
  }
  return out;
}

test('the fleet cache is shared: two replicas do not double the upstream requests', async () => {
  const view = () =>
    call(scaleOut.url, token, fleetOf(STOREFRONT_API)).then(answer => [answer]);
  const phase = async (replicas: number) => {
    scaleOut.proxy.setEnabled(1, replicas === 2);
    const countsBefore = scaleOut.fleet.requests();
    const upstreamBefore = upstreamTotal(countsBefore);
    const servedBefore = [...scaleOut.proxy.served];
    const result = await load(10, 20, view);
    return {
      replicas,
      ...result,
      errorTimes: undefined,
      upstream: upstreamTotal(scaleOut.fleet.requests()) - upstreamBefore,
      upstreamByApi: byApi(scaleOut.fleet.requests(), countsBefore),
      servedByReplica: scaleOut.proxy.served.map(
        (served, index) => served - servedBefore[index],
      ),
    };
  };
  // Each replica alone for a moment, so both hold their Kubernetes watches
  // (listed once, then kept: a one-time cost per replica, ADR 0020) and
  // warm code paths before anything is counted.
  for (const only of [0, 1]) {
    scaleOut.proxy.setEnabled(only, true);
    scaleOut.proxy.setEnabled(1 - only, false);
    await load(2, 3, view);
  }
  scaleOut.proxy.setEnabled(0, true);
  // A watch opens once its list has answered: let the last ones open.
  await new Promise(resolve => setTimeout(resolve, 2000));
  const one = await phase(1);
  const two = await phase(2);
  const ratio = two.upstream / one.upstream;
  const ratioOf = (api: string) =>
    (two.upstreamByApi[api] ?? 0) / Math.max(1, one.upstreamByApi[api] ?? 0);
  results.sharedCache = {
    one,
    two,
    ratio: Math.round(ratio * 100) / 100,
    ratioByApi: Object.fromEntries(
      ['argocd', 'prometheus', 'kubernetes'].map(api => [
        api,
        Math.round(ratioOf(api) * 100) / 100,
      ]),
    ),
  };
  console.log(JSON.stringify(results.sharedCache));
  assert.equal(one.errors, 0);
  assert.equal(two.errors, 0);
  // Both replicas served the second phase…
  assert.ok(Math.min(...two.servedByReplica) > two.requests / 4);
  // …and the cells were read once for both: Argo CD and Prometheus saw
  // about what one replica asked for, not twice that (a 20 s phase holds
  // ~9 refresh rounds of 2 s: one round more is +11%).
  for (const api of ['argocd', 'prometheus']) {
    assert.ok(
      ratioOf(api) < 1.35,
      `${api} requests grew ${ratioOf(api)}x with two replicas`,
    );
  }
  // The Kubernetes APIs: a replica that reads a cell keeps its own watches
  // and asks the cluster whether it still answers (one /version a round)
  // before trusting them, so its own path to the cluster is what is
  // checked (ADR 0020): at most one call per cluster, round and replica,
  // and no lists once the watches run. Before watches, the lists grew
  // 1.3-1.55x with two replicas, at ~8x as many calls.
  assert.ok(
    ratioOf('kubernetes') <= 2.2,
    `Kubernetes requests grew ${ratioOf('kubernetes')}x with two replicas`,
  );
  assert.ok(ratio < 1.35, `upstream requests grew ${ratio}x with two replicas`);
});

/**
 * A signals socket as the Backstage signals client opens one: the token as
 * its subprotocol, tried again when the first attempt does not open (the
 * signals backend starts handling upgrades on the first one it sees).
 */
async function openSignals(
  url: string,
  received: Array<{ channel: string; message: any }>,
): Promise<WebSocket> {
  for (let attempt = 1; ; attempt++) {
    const socket = new WebSocket(url, token);
    const opened = await new Promise<boolean>(resolve => {
      const timer = setTimeout(() => resolve(false), 3000);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (opened) {
      socket.addEventListener('message', event =>
        received.push(JSON.parse(String(event.data))),
      );
      return socket;
    }
    socket.close();
    if (attempt === 5) throw new Error(`no signals socket at ${url}`);
  }
}

/**
 * A page open on one replica while another replica reads the cell that
 * changed: the signal travels over the events bus (PostgreSQL) and reaches
 * the page's socket, as the Backstage signals client receives it.
 */
test('a cell that changes on one replica reaches a page connected to the other (signals over the events bus)', async () => {
  const cluster = 'gcp-euw1-prod-01';
  const channel = 'fleet:entity:component:default/storefront-api';
  const socketUrl = `${scaleOut.replicas[1].url.replace(
    /^http/,
    'ws',
  )}/api/signals`;
  const received: Array<{ channel: string; message: any }> = [];
  const socket = await openSignals(socketUrl, received);
  socket.send(JSON.stringify({ action: 'subscribe', channel }));
  try {
    // Read once so the change below is a change, then wait past freshness.
    await call(scaleOut.replicas[0].url, token, fleetOf(STOREFRONT_API));
    await new Promise(resolve => setTimeout(resolve, 2500));
    received.splice(0);
    await scaleOut.fleet.scenarios.set(cluster, { down: true });
    const started = Date.now();
    let signal: (typeof received)[number] | undefined;
    while (!signal && Date.now() - started < 20_000) {
      // Only replica 0 reads: whatever replica 1's socket hears came over the bus.
      await call(scaleOut.replicas[0].url, token, fleetOf(STOREFRONT_API));
      await new Promise(resolve => setTimeout(resolve, 500));
      signal = received.find(
        heard => heard.channel === channel && heard.message.cluster === cluster,
      );
    }
    results.signalAcrossReplicas = {
      receivedAfterMs: signal ? Date.now() - started : undefined,
      signals: received.length,
    };
    console.log(JSON.stringify(results.signalAcrossReplicas));
    assert.ok(signal, `no signal for ${cluster} reached the other replica`);
    // The signal names the cell, never what it says.
    assert.deepEqual(Object.keys(signal.message).sort(), [
      'cluster',
      'entityRef',
      'source',
    ]);
  } finally {
    socket.close();
    await scaleOut.fleet.scenarios.set(cluster, { down: false });
  }
});

/**
 * Two operators send the same drain, previewed at the same version, each
 * through its own replica at the same moment.
 */
async function drainRace(cluster: string) {
  const preview = await call(
    scaleOut.replicas[0].url,
    token,
    `${trafficOf(STOREFRONT)}/preview`,
    { method: 'POST', body: { kind: 'drain', cluster, reason: 'preview' } },
  );
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  return Promise.all(
    scaleOut.replicas.map((replica, index) =>
      call(replica.url, token, `${trafficOf(STOREFRONT)}/actions`, {
        method: 'POST',
        headers: { 'idempotency-key': crypto.randomUUID() },
        body: {
          kind: 'drain',
          cluster,
          reason: `operator ${index} drains ${cluster}`,
          expectedVersion: preview.body.version,
        },
      }),
    ),
  );
}

test('two operators drain the same entry point through different replicas: exactly one is applied', async () => {
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const cluster = ['aws-use1-prod-01', 'gcp-euw1-prod-01'][round % 2];
    const answers = await drainRace(cluster);
    const bodies = JSON.stringify(answers.map(answer => answer.body));
    const applied = answers.filter(
      answer => answer.status === 200 && answer.body.outcome === 'applied',
    );
    const refused = answers.filter(answer => answer.status === 409);
    rounds.push({
      cluster,
      statuses: answers.map(answer => answer.status),
      refusal: refused.map(answer => answer.body?.error?.message),
    });
    assert.equal(applied.length, 1, bodies);
    assert.equal(refused.length, 1, bodies);
    const state = await call(scaleOut.url, token, trafficOf(STOREFRONT));
    const row = state.body.state.clusters.find(
      (clusterState: any) => clusterState.cluster === cluster,
    );
    assert.equal(row.weight, 0);
    // Put it back for the next round.
    const restore = await changeTraffic(
      scaleOut.url,
      token,
      STOREFRONT,
      { kind: 'restore', cluster, reason: 'next round' },
      crypto.randomUUID(),
    );
    assert.equal(
      restore.final.body?.outcome,
      'applied',
      JSON.stringify(restore.final.body),
    );
  }
  const history = (await call(scaleOut.url, token, trafficOf(STOREFRONT))).body
    .history;
  const drains = history.filter(
    (entry: any) => entry.kind === 'drain' && entry.outcome === 'applied',
  );
  assert.equal(drains.length, 5);
  results.concurrentDrains = rounds;
  console.log(JSON.stringify(rounds));
});

test('a replica killed mid-evacuation: the other finishes the run, each drain applied once, and traffic returns', async () => {
  const GCP = 'gcp-euw1-prod-01';
  const oncall = await signIn(scaleOut.url, 'development-platform');
  // The DNS provider's writes held 2 s, so the kill lands inside a step:
  // after the drain was recorded as pending, before its write landed.
  await scaleOut.upstreams.dns.setFault({ delayMs: 2000, methods: ['PATCH'] });
  const patches = () => scaleOut.upstreams.dns.received.PATCH ?? 0;
  const patchesBefore = patches();
  const started = await call(
    scaleOut.replicas[1].url,
    oncall,
    `/api/traffic/clusters/${GCP}/evacuations`,
    {
      method: 'POST',
      body: {
        mode: 'run',
        reason: 'scale-out kill test',
        confirmCluster: GCP,
        freeze: false,
      },
    },
  );
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const id = started.body.id;
  for (const until = Date.now() + 15_000; patches() === patchesBefore; ) {
    if (Date.now() > until) throw new Error('no drain reached the provider');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  const killedAt = Date.now();
  await scaleOut.replicas[1].kill();
  await scaleOut.upstreams.dns.setFault(undefined);
  let returnedTraffic = false;
  try {
    // The survivor's background task takes the run over once its lease
    // lapses, and replays the interrupted step by its idempotency key.
    let run: any;
    for (const until = Date.now() + 120_000; ; ) {
      run = (await call(scaleOut.url, oncall, `/api/traffic/evacuations/${id}`))
        .body;
      if (run?.status && run.status !== 'running') break;
      if (Date.now() > until) {
        throw new Error(`run not taken over: ${JSON.stringify(run)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const finishedAt = Date.now();
    assert.equal(run.status, 'completed', JSON.stringify(run.steps));
    const moved = run.steps.filter(
      (step: any) => step.kind === 'entry-point' && step.status === 'applied',
    );
    assert.ok(moved.length >= 1, JSON.stringify(run.steps));
    // The interrupted drain was replayed by its key, not made again.
    assert.match(moved[0].detail, /applied before a restart/);
    // In the history: one applied drain per entry point the run moved,
    // nothing pending, nothing twice.
    const rows = await trafficHistory(
      scaleOut.postgres,
      `evacuation of ${GCP} (${id})`,
    );
    assert.deepEqual(
      rows.map(row => [row.kind, row.outcome]),
      moved.map(() => ['drain', 'applied']),
    );
    assert.equal(
      new Set(rows.map(row => row.idempotency_key)).size,
      moved.length,
    );
    const state = await call(scaleOut.url, oncall, trafficOf(STOREFRONT));
    assert.equal(
      state.body.state.clusters.find((row: any) => row.cluster === GCP).weight,
      0,
    );

    // Return it, and bring replica 1 back for the next proof.
    const back = await call(
      scaleOut.url,
      oncall,
      `/api/traffic/evacuations/${id}/return`,
      { method: 'POST', body: { reason: 'scale-out kill test over' } },
    );
    assert.equal(back.status, 202, JSON.stringify(back.body));
    let returned: any;
    for (const until = Date.now() + 60_000; ; ) {
      returned = (
        await call(
          scaleOut.url,
          oncall,
          `/api/traffic/evacuations/${back.body.id}`,
        )
      ).body;
      if (returned?.status && returned.status !== 'running') break;
      if (Date.now() > until) throw new Error('return did not finish');
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    assert.equal(returned.status, 'completed', JSON.stringify(returned.steps));
    results.killMidEvacuation = {
      entryPointsMoved: moved.length,
      historyRows: rows.length,
      steps: run.steps.map((step: any) => `${step.id}: ${step.status}`),
      takenOverAndCompletedAfterKillS:
        Math.round((finishedAt - killedAt) / 100) / 10,
      dnsClearAfterSeconds: run.dnsClearAfterSeconds ?? null,
    };
    console.log(JSON.stringify(results.killMidEvacuation));
    returnedTraffic = true;
  } finally {
    // Whatever happened, the next proof needs storefront's traffic back
    // and two replicas.
    if (!returnedTraffic) {
      await call(
        scaleOut.url,
        oncall,
        `/api/traffic/evacuations/${id}/return`,
        {
          method: 'POST',
          body: { reason: 'scale-out kill test cleanup' },
        },
      );
    }
    await scaleOut.restart(1);
  }
});

test('killing a replica mid-load loses no accepted change, and the other keeps serving', async () => {
  // Readers: entity pages and the Fleet endpoint through the proxy, all along.
  const visit = async () => [
    ...(await entityPage(scaleOut.url, token, STOREFRONT_API)),
    await call(scaleOut.url, token, fleetOf(STOREFRONT_API)),
  ];
  // An operator: drain and restore gcp in turn, each change retried with
  // its idempotency key until the answer is definite. At 10 s in, the
  // operator's next change goes straight to replica 1 while the DNS
  // provider's writes are held 2 s, and replica 1 is killed as soon as its
  // write reaches the provider's proxy: after it recorded the change as
  // pending, before the write landed (the proxy still delivers it) — the
  // worst moment. The operator then
  // retries the same change, with the same key, through the proxy.
  const accepted: Array<{
    key: string;
    kind: string;
    answer: any;
    attempts: number;
    answeredAt: number;
  }> = [];
  const killAt = Date.now() + 10_000;
  let killed: { key: string; at: number; firstAnswer: number } | undefined;
  let operating = true;
  const killMidChange = async (key: string, action: object) => {
    await scaleOut.upstreams.dns.setFault({
      delayMs: 2000,
      methods: ['PATCH'],
    });
    const patches = () => scaleOut.upstreams.dns.received.PATCH ?? 0;
    const patchesBefore = patches();
    const direct = call(
      scaleOut.replicas[1].url,
      token,
      `${trafficOf(STOREFRONT)}/actions`,
      { method: 'POST', headers: { 'idempotency-key': key }, body: action },
    );
    // Killed once its write is in flight (held by the fault proxy).
    for (const until = Date.now() + 10_000; patches() === patchesBefore; ) {
      if (Date.now() > until) throw new Error('the write never started');
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    const at = Date.now();
    await scaleOut.replicas[1].kill();
    // Later writes are fast again; the one in the proxy still lands.
    await scaleOut.upstreams.dns.setFault(undefined);
    killed = { key, at, firstAnswer: (await direct).status };
  };
  const operator = (async () => {
    for (let changeIndex = 0; operating; changeIndex++) {
      const kind = changeIndex % 2 === 0 ? 'drain' : 'restore';
      const action = {
        kind,
        cluster: 'gcp-euw1-prod-01',
        reason: `kill test ${changeIndex}`,
      };
      const key = crypto.randomUUID();
      if (!killed && Date.now() >= killAt) await killMidChange(key, action);
      const { final, attempts } = await changeTraffic(
        scaleOut.url,
        token,
        STOREFRONT,
        action as any,
        key,
      );
      if (final.status === 200 && final.body.outcome === 'applied') {
        accepted.push({
          key,
          kind,
          answer: final.body,
          attempts: attempts.length,
          answeredAt: Date.now(),
        });
      } else {
        throw new Error(
          `change ${changeIndex} (${kind}) ended ${
            final.status
          }: ${JSON.stringify(final.body)}`,
        );
      }
    }
  })();
  const reads = await load(10, 30, visit);
  operating = false;
  await operator;
  assert.ok(killed, 'the kill did not happen');

  // Every accepted change is in the history once, none is there that was
  // not answered as applied, nothing is left pending, and the provider
  // holds what the last accepted change set. Read from the database itself:
  // the page shows the last 20 entries only.
  const rows = await trafficHistory(scaleOut.postgres, 'kill test');
  const appliedIds = rows
    .filter(row => row.outcome === 'applied')
    .map(row => row.id);
  const acceptedIds = accepted.map(change => change.answer.entry.id);
  assert.equal(
    new Set(acceptedIds).size,
    acceptedIds.length,
    'an answer was given twice',
  );
  assert.deepEqual(
    acceptedIds.filter(id => !appliedIds.includes(id)),
    [],
    'accepted changes missing from the history',
  );
  assert.deepEqual(
    appliedIds.filter(id => !acceptedIds.includes(id)),
    [],
    'applied changes no operator was told about (a change made twice)',
  );
  assert.deepEqual(
    rows.filter(row => row.outcome === 'pending'),
    [],
  );
  const view = (await call(scaleOut.url, token, trafficOf(STOREFRONT))).body;
  const last = accepted.at(-1)!;
  const gcp = view.state.clusters.find(
    (clusterState: any) => clusterState.cluster === 'gcp-euw1-prod-01',
  );
  assert.equal(gcp.weight, last.answer.entry.weightsAfter['gcp-euw1-prod-01']);

  // Reads failed only around the kill (requests in flight on the dying
  // replica); from a second after it, every read was answered.
  const late = reads.errorTimes.filter(time => time > killed!.at + 1000);
  // The change the kill interrupted: the dying replica never answered it;
  // the retry met it pending, waited, and got it settled from the DNS
  // records as applied — once.
  const interrupted = accepted.find(change => change.key === killed!.key);
  assert.equal(killed!.firstAnswer, 0, 'the killed replica answered');
  assert.ok(interrupted, 'the interrupted change was not accepted');
  assert.equal(interrupted.answer.replayed, true);
  assert.ok(interrupted.attempts > 1);
  assert.equal(
    rows.filter(row => row.idempotency_key === killed!.key).length,
    1,
  );
  results.killReplica = {
    reads: { ...reads, errorTimes: undefined },
    errorsAroundKill: reads.errors - late.length,
    errorsAfterKill: late.length,
    acceptedChanges: accepted.length,
    historyRows: rows.length,
    outcomes: countBy(rows.map(row => row.outcome)),
    retriedChanges: accepted.filter(change => change.attempts > 1).length,
    interruptedChange: {
      attempts: interrupted.attempts,
      answeredAfterKillS: Math.round(
        (interrupted.answeredAt - killed!.at) / 1000,
      ),
    },
    survivorServed: scaleOut.proxy.served[0],
  };
  console.log(JSON.stringify(results.killReplica));
  assert.ok(accepted.length >= 5, `only ${accepted.length} changes in 30 s`);
  assert.equal(late.length, 0, `${late.length} reads failed after the kill`);
  // At most the requests in flight on the dying replica: one per user.
  assert.ok(
    reads.errors <= reads.users,
    `${reads.errors} reads failed around the kill`,
  );
  // The survivor still answers on its own.
  const health = await fetch(
    `${scaleOut.replicas[0].url}/.backstage/health/v1/readiness`,
  );
  assert.equal(health.status, 200);
});
