/*
 * demo-fleet start [--base-port 7100] [--seed trinity] [--powerdns real|stand-in] [--prometheus real|none] [--product real|stand-in]
 *                   [--forge <dir, default $TRINITY_DATA_DIR/forge>] [--infra-repo platform/infra]
 *                   [--canary-step-ms 5000]   each pause/analysis step of a ring's canary
 * demo-fleet scenario <cluster> <field>=<value> ...   e.g. down=true latencyMs=3000
 * demo-fleet kill <cluster> <service>                 e.g. kill aws-use1-prod-01 storefront-web
 * demo-fleet product                                  the product's processes and customers
 * demo-fleet status
 * demo-fleet reset
 * Run through: node --require @backstage/cli-node/config/nodeTransform.cjs packages/demo-fleet/src/cli.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repoRoot';
import { startDemoFleet } from './server';
import { LONG_WINDOW_SECONDS } from './prometheus/real';

const PDNS_SERVER = '/usr/sbin/pdns_server';
const PDNS_SQLITE_SCHEMA =
  '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';
import { BASE_PORT, ingressOf } from './fleet';

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `--canary-step-ms`: how long a canary's pause or analysis step lasts. */
function canaryStepMs(args: string[]): number | undefined {
  const value = flag(args, '--canary-step-ms');
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(
      `--canary-step-ms must be a number of milliseconds, not ${value}`,
    );
  }
  return ms;
}

async function admin(route: string, init?: RequestInit) {
  const base =
    process.env.DEMO_FLEET_ADMIN_URL ?? `http://127.0.0.1:${BASE_PORT}`;
  let res: Response;
  try {
    res = await fetch(`${base}${route}`, init);
  } catch {
    throw new Error(
      `the demo fleet is not running at ${base} (start the portal with ./trinity start)`,
    );
  }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function parseValue(raw: string): boolean | number {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const parsed = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(parsed)) return parsed;
  throw new Error(`value "${raw}" is neither true/false nor a number`);
}

/**
 * `--<name> real|<otherwise>`; by default real when every file it needs is
 * installed, else `otherwise` (saying what to install, `hint`).
 */
function realOr(
  args: string[],
  name: string,
  otherwise: 'stand-in' | 'none',
  needs: string[],
  hint: string,
) {
  const choice =
    flag(args, name) ??
    (needs.every(file => fs.existsSync(file)) ? 'real' : otherwise);
  if (!['real', otherwise].includes(choice)) {
    throw new Error(`${name} must be real or ${otherwise}, not "${choice}"`);
  }
  if (choice === otherwise && hint) {
    process.stdout.write(`demo fleet: ${hint}\n`);
  }
  return choice;
}

async function main(args: string[]) {
  const [command, ...rest] = args;
  switch (command) {
    case 'start': {
      // The real PowerDNS when Debian's pdns-server is installed (./trinity
      // start installs it where it can), else the stand-in API.
      const choice = realOr(
        rest,
        '--powerdns',
        'stand-in',
        [PDNS_SERVER, PDNS_SQLITE_SCHEMA, '/usr/bin/sqlite3'],
        'PowerDNS stand-in (install pdns-server pdns-backend-sqlite3 sqlite3 for the real one)',
      );
      // Debian's Prometheus per cluster, with the tenants' Sloth rules, when
      // installed (./trinity start installs it where it can); else none, and
      // the portal says each cluster's SLOs are unknown, and why.
      const prometheus = realOr(
        rest,
        '--prometheus',
        'none',
        ['/usr/bin/prometheus', '/usr/bin/promtool'],
        'no Prometheus: SLOs unknown (install prometheus to see them)',
      );
      // The product's services as processes: node is all they need.
      const product = realOr(rest, '--product', 'stand-in', [], '');
      const basePort = Number(flag(rest, '--base-port') ?? BASE_PORT);
      const fleet = await startDemoFleet({
        basePort,
        seed: flag(rest, '--seed') ?? 'trinity',
        powerdns: { real: choice === 'real' },
        // Runs for days: the long windows every 30 s (prometheus/real.ts).
        prometheus: prometheus === 'real' && {
          longWindowSeconds: LONG_WINDOW_SECONDS,
        },
        product: { real: product === 'real' },
        // GitOps, played: the portal's local forge (app-config's
        // trinity.forge.local.directory), whose infra repo it watches.
        gitops: {
          forgeDir:
            flag(rest, '--forge') ??
            path.join(
              process.env.TRINITY_DATA_DIR ??
                path.join(repoRoot, '.trinity-data'),
              'forge',
            ),
          infraRepo: flag(rest, '--infra-repo') ?? 'platform/infra',
        },
        rollouts: { stepMs: canaryStepMs(rest) },
      });
      for (const cluster of fleet.clusters) {
        const urls = fleet.urls(cluster.name);
        process.stdout.write(
          `demo fleet: ${cluster.name} kubernetes ${urls.kubernetes} argocd ${urls.argocd} prometheus ${urls.prometheus}\n`,
        );
      }
      if (fleet.product) {
        for (const [index, cluster] of fleet.clusters.entries()) {
          const ingress = ingressOf(index, basePort);
          process.stdout.write(
            `demo fleet: storefront on ${cluster.name}: curl -H 'Host: shop.trinity.example' http://${ingress.address}:${ingress.port}/\n`,
          );
        }
      }
      process.stdout.write(`demo fleet: PowerDNS API ${fleet.powerDnsUrl}\n`);
      if (fleet.dnsPort) {
        process.stdout.write(
          `demo fleet: DNS (real PowerDNS): dig @127.0.0.1 -p ${fleet.dnsPort} shop.trinity.example\n`,
        );
      }
      process.stdout.write(
        `demo fleet: central Argo CD ${fleet.centralArgoCdUrl}\n`,
      );
      process.stdout.write(`demo fleet: admin ${fleet.adminUrl}\n`);
      const stop = () => fleet.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'scenario': {
      const [cluster, ...pairs] = rest;
      if (!cluster || pairs.length === 0)
        throw new Error(
          'usage: demo-fleet scenario <cluster> <field>=<value> ...',
        );
      const change: Record<string, boolean | number> = {};
      for (const pair of pairs) {
        const [key, value] = pair.split('=');
        if (!key || value === undefined)
          throw new Error(`expected field=value, got "${pair}"`);
        change[key] = parseValue(value);
      }
      const result = await admin(
        `/clusters/${encodeURIComponent(cluster)}/scenario`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(change),
        },
      );
      process.stdout.write(`${cluster}: ${JSON.stringify(result)}\n`);
      return;
    }
    case 'kill': {
      const [cluster, service] = rest;
      if (!cluster || !service)
        throw new Error('usage: demo-fleet kill <cluster> <service>');
      const result = await admin(
        `/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(
          service,
        )}/kill`,
        { method: 'POST' },
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    case 'product': {
      process.stdout.write(
        `${JSON.stringify(await admin('/product'), null, 2)}\n`,
      );
      return;
    }
    case 'status': {
      process.stdout.write(
        `${JSON.stringify(await admin('/scenarios'), null, 2)}\n`,
      );
      return;
    }
    case 'reset': {
      await admin('/reset', { method: 'POST' });
      process.stdout.write('all clusters healthy\n');
      return;
    }
    default:
      throw new Error(
        'usage: demo-fleet start | scenario <cluster> <field>=<value>... | kill <cluster> <service> | product | status | reset',
      );
  }
}

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`demo-fleet: ${(error as Error).message}\n`);
  process.exit(1);
});
