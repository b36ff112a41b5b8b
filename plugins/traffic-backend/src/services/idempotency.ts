import crypto from 'node:crypto';
import { CustomErrorBase } from '@backstage/errors';
import { ActionResult } from '@internal/plugin-traffic-common';
import { ActionRecord, toHistory, TrafficStore } from './TrafficStore';

/**
 * An idempotency key sent again with another request: answered 422 with
 * the key named, and nothing done. A key stands for one request; reusing
 * it for another would replay the first request's answer for the second.
 */
export class IdempotencyKeyReusedError extends CustomErrorBase {
  name = 'IdempotencyKeyReusedError';
  /** Read by Backstage's error handler. */
  statusCode = 422;
}

/** JSON with sorted keys, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${canonical(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What an idempotency key is bound to: method, path and body. */
export function requestHash(
  method: string,
  path: string,
  body: unknown,
): string {
  return crypto
    .createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonical(body ?? null)}`)
    .digest('hex');
}

/**
 * The earlier attempt recorded under this key, when there is one; throws
 * when that attempt was another request.
 */
export async function earlierAttempt(
  store: TrafficStore,
  key: string | undefined,
  hash: string | undefined,
): Promise<ActionRecord | undefined> {
  if (!key) return undefined;
  const done = await store.byIdempotencyKey(key);
  if (!done) return undefined;
  if (done.requestHash && hash && done.requestHash !== hash) {
    throw new IdempotencyKeyReusedError(
      `idempotency key ${key} was used for another request (${done.kind}${
        done.cluster ? ` ${done.cluster}` : ''
      } on ${done.entryPoint} by ${
        done.actor
      }); send a new key for a new request`,
    );
  }
  return done;
}

/**
 * The answer of an earlier attempt with this key on this entry point, to
 * give again instead of acting twice; undefined when there is none or it
 * is still pending (the locked section settles it or says it is in
 * progress).
 */
export async function replayOf(
  store: TrafficStore,
  entryPoint: string,
  key: string | undefined,
  hash: string | undefined,
): Promise<ActionResult | undefined> {
  const done = await earlierAttempt(store, key, hash);
  if (!done) return undefined;
  if (done.entryPoint !== entryPoint) {
    throw new IdempotencyKeyReusedError(
      `idempotency key ${key} was used for another entry point (${done.entryPoint})`,
    );
  }
  if (done.outcome === 'pending') return undefined;
  return { outcome: done.outcome, replayed: true, entry: toHistory(done) };
}
