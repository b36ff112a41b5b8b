import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, requireBinary, run, startServer } from './process';

export interface RealPowerDns {
  /** HTTP API base, e.g. http://127.0.0.1:PORT */
  url: string;
  apiKey: string;
  /** Loopback UDP/TCP port answering DNS queries. */
  dnsPort: number;
  stop(): Promise<void>;
}

const SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';

/**
 * PowerDNS Authoritative from Debian (pdns-server, pdns-backend-sqlite3) on a
 * throwaway SQLite database, API and DNS on loopback ports (free ones unless
 * given: the demo fleet puts its API where the portal's config expects it).
 * Caches are off (and kept small) so an API change shows in the next DNS
 * answer.
 */
export async function startPowerDns(
  options: { apiKey?: string; apiPort?: number; dnsPort?: number } = {},
): Promise<RealPowerDns> {
  requireBinary('/usr/sbin/pdns_server', 'pdns-server');
  requireBinary(SCHEMA, 'pdns-backend-sqlite3');
  requireBinary('/usr/bin/sqlite3', 'sqlite3');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-pdns-'));
  const apiKey = options.apiKey ?? 'contract-test-key';
  const apiPort = options.apiPort ?? (await freePort());
  const dnsPort = options.dnsPort ?? (await freePort());
  const db = path.join(dir, 'pdns.sqlite3');
  run('/usr/bin/sqlite3', [db], { input: fs.readFileSync(SCHEMA, 'utf8') });
  fs.writeFileSync(
    path.join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3',
      `gsqlite3-database=${db}`,
      'local-address=127.0.0.1',
      `local-port=${dnsPort}`,
      `socket-dir=${dir}`,
      'daemon=no',
      'guardian=no',
      'api=yes',
      `api-key=${apiKey}`,
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${apiPort}`,
      'webserver-allow-from=127.0.0.1/32',
      'cache-ttl=0',
      'negquery-cache-ttl=0',
      'query-cache-ttl=0',
      'zone-cache-refresh-interval=0',
      // With their TTLs at 0 the caches stay empty, but PowerDNS sizes their
      // shards for the default million entries at start: ~37 MiB of RSS
      // (63 → 26 MiB idle) for nothing.
      'max-cache-entries=1000',
      'max-packet-cache-entries=1000',
      'enable-lua-records=yes',
      'lua-health-checks-interval=1',
      'security-poll-suffix=',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${apiPort}`;
  const stop = await startServer({
    name: 'PowerDNS',
    command: '/usr/sbin/pdns_server',
    args: [`--config-dir=${dir}`],
    dir,
    ready: async () =>
      (
        await fetch(`${url}/api/v1/servers/localhost`, {
          headers: { 'X-API-Key': apiKey },
        })
      ).ok,
    timeoutMs: 10_000,
  });
  return { url, apiKey, dnsPort, stop };
}
