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
  // One dig process asks all `count` queries: twenty processes took 0.5-2 s
  // on a loaded machine, longer than what the callers time (a drain's
  // 2 s budget). Each query's answer starts with its own ";; Got answer:".
  const args = ['@127.0.0.1', '-p', String(port), '+noall', '+answer'];
  args.push('+comments');
  for (let query = 0; query < count; query++) args.push(name, 'A');
  const { stdout } = await run('dig', args);
  const seen = new Set<string>();
  for (const answer of stdout.split(';; Got answer:').slice(1)) {
    const addresses = [...answer.matchAll(/\sIN\s+A\s+(\S+)/g)].map(
      match => match[1],
    );
    // As `+short` printed it: the answer's addresses, one per line.
    seen.add(addresses.join('\n'));
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
