import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './process';

const run = promisify(execFile);

/**
 * What `count` queries for `name`'s A records answer, asked with `dig` of
 * the DNS on loopback `port`, as distinct `+short` outputs: a LUA record
 * picks one healthy target per query, so a set over many queries shows
 * which targets it hands out.
 *
 * Asynchronous on purpose: the health endpoints PowerDNS checks often live
 * in the calling process, and a synchronous dig loop would stall them long
 * enough for PowerDNS to mark every target down — and a LUA `ifurlup` with
 * every target down answers all of them, the dead one included.
 */
export async function dnsAnswers(port: number, name: string, count: number) {
  requireBinary('/usr/bin/dig', 'dnsutils');
  const seen = new Set<string>();
  for (let query = 0; query < count; query++) {
    const { stdout } = await run('dig', [
      '@127.0.0.1',
      '-p',
      String(port),
      name,
      'A',
      '+short',
    ]);
    seen.add(stdout.trim());
  }
  return seen;
}

/**
 * Polls `check` until it holds (every `everyMs`), or throws naming `what`
 * after `timeoutMs`; resolves with how long it took, in ms.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 250,
) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what} never held in ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
  return Date.now() - started;
}
