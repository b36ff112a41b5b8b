import { execFileSync } from 'node:child_process';
import { requireBinary } from './process';

/**
 * What `count` queries for `name`'s A records answer, asked with `dig` of
 * the DNS on loopback `port`, as distinct `+short` outputs: a LUA record
 * picks one healthy target per query, so a set over many queries shows
 * which targets it hands out.
 */
export function dnsAnswers(port: number, name: string, count: number) {
  requireBinary('/usr/bin/dig', 'dnsutils');
  const ask = () =>
    execFileSync('dig', ['@127.0.0.1', '-p', String(port), name, 'A', '+short'])
      .toString()
      .trim();
  return new Set(Array.from({ length: count }, ask));
}
