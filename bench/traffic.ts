/*
 * Traffic benchmark, against a real PowerDNS Authoritative and a real
 * PostgreSQL (both on loopback):
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/traffic.ts [--changes 40]
 *
 * 1. Time from a change request (TrafficService.apply: lock, provider read,
 *    compare-and-set, safety rules, PowerDNS PATCH, history) to the
 *    authoritative answer changing, as `dig` sees it: the weights alternate
 *    between two single-target sets, so the answer is one address or the
 *    other and the switch is exact.
 * 2. 100 concurrent attempts on one entry point, all from the same preview,
 *    spread over two service instances with their own connection pools (two
 *    replicas on one database): exactly one may win per version; repeated
 *    for several versions.
 *
 * Results go to stdout and test-results/bench-traffic.json. It measures the
 * service layer (what the HTTP handler calls), not the HTTP hop.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';
import { Entity } from '@backstage/catalog-model';
import { freePort, startPowerDns } from '@internal/test-services';
import { createPowerDnsProvider } from '@internal/plugin-traffic-backend-module-powerdns';
import { Product } from '../plugins/traffic-backend/src/services/ProductBindings';
import { TrafficService } from '../plugins/traffic-backend/src/services/TrafficService';
import { TrafficStore } from '../plugins/traffic-backend/src/services/TrafficStore';

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const changes = arg('--changes', 40);
const rounds = arg('--rounds', 5);
const pgUrl =
  process.env.TRINITY_TEST_PG_URL ??
  'postgresql://postgres:postgres@127.0.0.1:5432/postgres';

const addresses = ['127.0.0.41', '127.0.0.42', '127.0.0.43'];
const clusters = ['aws', 'gcp', 'azure'];
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'bench',
    namespace: 'default',
    tags: ['tier-3'],
    annotations: { 'trinity.io/entry-point': 'bench.trinity.example' },
  },
  spec: { owner: 'group:default/team-bench' },
};
// The bench product as the infra repo would bind it (ProductBindings).
const product: Product = {
  entity,
  binding: {
    entityRef: 'system:default/bench',
    tenant: {
      type: 'tenant',
      owner: 'group:default/team-bench',
      system: 'system:default/bench',
      namespace: 'bench',
      clusters,
      path: 'tenants/bench',
    },
    entryPoint: {
      name: 'bench.trinity.example',
      provider: 'powerdns',
      targets: clusters.map((cluster, i) => ({
        cluster,
        target: addresses[i],
      })),
      tier: 'tier-3',
    },
  },
};
const healthy = {
  health: 'healthy' as const,
  pageBurn: false,
  headroom: true,
};
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quiet;
  },
} as any;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const pdns = await startPowerDns();
  const port = await freePort();
  const servers = await Promise.all(
    addresses.map(
      a =>
        new Promise<http.Server>(resolve => {
          const s = http.createServer((_q, r) => r.end('ok'));
          s.listen(port, a, () => resolve(s));
        }),
    ),
  );
  await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
    method: 'POST',
    headers: { 'X-API-Key': pdns.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'trinity.example.',
      kind: 'Native',
      nameservers: ['ns1.trinity.example.'],
    }),
  });

  const dbName = `trinity_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: pgUrl });
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const replicas: Knex[] = [0, 1].map(() =>
    knexFactory({
      client: 'pg',
      connection: `${pgUrl.replace(/\/[^/]*$/, '')}/${dbName}`,
      pool: { min: 1, max: 10 },
    }),
  );
  await replicas[0].migrate.latest({
    directory: path.resolve(__dirname, '../plugins/traffic-backend/migrations'),
  });
  const provider = createPowerDnsProvider({
    url: pdns.url,
    apiKey: pdns.apiKey,
    zone: 'trinity.example',
    ttl: 1,
    healthCheck: { port, timeoutMs: 500 },
  });
  const services = replicas.map(
    db =>
      new TrafficService({
        store: new TrafficStore(db),
        providers: new Map([['powerdns', provider]]),
        fleet: {
          forEntity: async () => ({
            aws: healthy,
            gcp: healthy,
            azure: healthy,
          }),
        },
        logger: quiet,
        cooldownMs: 0,
      }),
  );
  const dig = async () =>
    (
      await run('dig', [
        '@127.0.0.1',
        '-p',
        String(pdns.dnsPort),
        'bench.trinity.example',
        'A',
        '+short',
      ])
    ).stdout.trim();
  const only = (i: number) =>
    Object.fromEntries(clusters.map((c, j) => [c, j === i ? 1 : 0]));
  let key = 0;
  const apply = (
    svc: TrafficService,
    weights: Record<string, number>,
    expectedVersion?: string,
  ) =>
    svc.apply(
      product,
      { kind: 'weights', weights, reason: 'benchmark' },
      {
        actor: 'bench',
        idempotencyKey: `bench-${++key}-${crypto.randomUUID()}`,
        expectedVersion,
      },
    );

  try {
    // 1. Request → authoritative answer changed.
    await apply(services[0], only(0));
    const latencies: number[] = [];
    for (let n = 0; n < changes; n++) {
      const target = (n + 1) % 2;
      const started = performance.now();
      await apply(services[n % 2], only(target));
      while ((await dig()) !== addresses[target]) {
        if (performance.now() - started > 10_000)
          throw new Error('answer never changed');
      }
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const propagation = {
      changes,
      p50ms: Math.round(pct(latencies, 50)),
      p95ms: Math.round(pct(latencies, 95)),
      maxms: Math.round(latencies[latencies.length - 1]),
    };
    console.log('request → answer changed', propagation);

    // 2. 100 racing attempts per version, over two replicas.
    const race = [];
    for (let r = 0; r < rounds; r++) {
      const preview = await services[0].preview(product, {
        kind: 'weights',
        weights: only(0),
        reason: 'x',
      });
      const current = clusters.findIndex(c => preview.weightsBefore[c] > 0);
      // Every attempt asks for a real change: half to one other cluster,
      // half to the other, all from the same version.
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          apply(
            services[i % 2],
            only((current + 1 + (i % 2)) % 3),
            preview.version,
          ),
        ),
      );
      const applied = results.filter(
        x => x.status === 'fulfilled' && x.value.outcome === 'applied',
      ).length;
      const conflicts = results.filter(
        x =>
          x.status === 'rejected' &&
          // A loser either waited for the winner and found a new version,
          // or met the winner's change still pending (ADR 0007).
          /changed since the preview|has a change in progress/.test(
            (x.reason as Error).message,
          ),
      ).length;
      const rows = await replicas[0]('traffic_actions')
        .where({ outcome: 'applied' })
        .count({ n: '*' });
      race.push({
        round: r + 1,
        applied,
        conflicts,
        other: 100 - applied - conflicts,
        appliedRowsTotal: Number(rows[0].n),
      });
    }
    console.log('100 concurrent attempts per version', race);
    const out = { propagation, race };
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(
      'test-results/bench-traffic.json',
      JSON.stringify(out, null, 2),
    );
    console.log('written test-results/bench-traffic.json');
  } finally {
    for (const db of replicas) await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    await pdns.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
