/**
 * What a user's browser does against the portal, as plain HTTP: sign in
 * as guest, open an entity's pages, ask for a traffic change. Shared by the
 * scale-out proofs, the load benchmark and the fault scripts.
 */

export const STOREFRONT = {
  kind: 'system',
  namespace: 'default',
  name: 'storefront',
};
export const STOREFRONT_API = {
  kind: 'component',
  namespace: 'default',
  name: 'storefront-api',
};
type Ref = typeof STOREFRONT;
const path = (ref: Ref) => `${ref.kind}/${ref.namespace}/${ref.name}`;

export async function guestToken(base: string): Promise<string> {
  return signIn(base, 'guest');
}

/**
 * A Backstage token from a sign-in provider of the embedded default:
 * `guest` (a storefront member), `development-platform` (a platform admin,
 * who may evacuate a cluster), `development-payments` (another team).
 */
export async function signIn(base: string, provider: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/${provider}/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`${provider} sign-in failed: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** A fresh database ingests the catalog after the backend is up: wait for it. */
export async function waitForEntity(
  base: string,
  token: string,
  ref: Ref,
  timeoutMs = 180_000,
) {
  const url = `${base}/api/catalog/entities/by-name/${path(ref)}`;
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
    if (res?.ok) return res.json();
    if (Date.now() > deadline) {
      throw new Error(`${url} did not appear in the catalog in time`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

export interface Answer {
  status: number;
  ms: number;
  at: number;
  body?: any;
  error?: string;
}

/** One request; a network error is status 0, never a throw. */
export async function call(
  base: string,
  token: string,
  route: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  const at = Date.now();
  try {
    const res = await fetch(`${base}${route}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, ms: performance.now() - started, at, body };
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - started,
      at,
      error: String((error as Error).cause ?? error),
    };
  }
}

export const fleetOf = (ref: Ref) => `/api/fleet/entities/${path(ref)}`;
export const trafficOf = (ref: Ref) => `/api/traffic/entities/${path(ref)}`;

/**
 * What an entity page asks the catalog for: the entity, its ancestry and
 * the entities of its relations.
 */
export async function entityPage(base: string, token: string, ref: Ref) {
  const entity = await call(
    base,
    token,
    `/api/catalog/entities/by-name/${path(ref)}`,
  );
  if (entity.status !== 200) return [entity];
  const refs = (
    (entity.body?.relations ?? []) as Array<{ targetRef: string }>
  ).map(relation => relation.targetRef);
  return [
    entity,
    await call(
      base,
      token,
      `/api/catalog/entities/by-name/${path(ref)}/ancestry`,
    ),
    await call(base, token, '/api/catalog/entities/by-refs', {
      method: 'POST',
      body: { entityRefs: refs },
    }),
  ];
}

export type TrafficAction =
  | { kind: 'drain'; cluster: string; reason: string }
  | { kind: 'restore'; cluster: string; reason: string };

/**
 * A traffic change as the dialog makes it, retried with the same
 * idempotency key while the answer is not definite (no answer, a 502 from
 * a replica that died, a change in progress, a database restarting).
 */
export async function changeTraffic(
  base: string,
  token: string,
  ref: Ref,
  action: TrafficAction,
  idempotencyKey: string,
  options: { expectedVersion?: string; retryForMs?: number } = {},
): Promise<{ final: Answer; attempts: Answer[] }> {
  const attempts: Answer[] = [];
  const deadline = Date.now() + (options.retryForMs ?? 90_000);
  for (;;) {
    const answer = await call(base, token, `${trafficOf(ref)}/actions`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: { ...action, expectedVersion: options.expectedVersion },
    });
    attempts.push(answer);
    const definite =
      (answer.status === 200 && answer.body?.outcome !== 'pending') ||
      (answer.status === 409 &&
        !/change in progress/.test(answer.body?.error?.message ?? '')) ||
      (answer.status >= 400 && answer.status < 500 && answer.status !== 409);
    if (definite || Date.now() > deadline) return { final: answer, attempts };
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

const pct = (sorted: number[], percentile: number) =>
  sorted.length
    ? sorted[
        Math.min(
          sorted.length - 1,
          Math.floor((percentile / 100) * sorted.length),
        )
      ]
    : NaN;

export interface LoadResult {
  users: number;
  seconds: number;
  requests: number;
  errors: number;
  /** Answers by HTTP status (0: no answer). */
  statuses: Record<string, number>;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  /** When each failed answer was sent (epoch ms), for fault windows. */
  errorTimes: number[];
  /** Up to five distinct failures, as status and message. */
  errorSamples: string[];
}

/**
 * `users` loops, each doing `visit` back to back for `seconds`. A visit
 * returns its answers; anything but 2xx counts as an error.
 */
export async function load(
  users: number,
  seconds: number,
  visit: (user: number) => Promise<Answer[]>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorTimes: number[] = [];
  const errorSamples = new Set<string>();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      while (Date.now() < until) {
        for (const answer of await visit(user)) {
          latencies.push(answer.ms);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          if (answer.status < 200 || answer.status >= 300) {
            errorTimes.push(answer.at);
            if (errorSamples.size < 5) {
              errorSamples.add(
                `${answer.status} ${
                  answer.error ?? JSON.stringify(answer.body)
                }`.slice(0, 300),
              );
            }
          }
        }
      }
    }),
  );
  latencies.sort((left, right) => left - right);
  return {
    users,
    seconds,
    requests: latencies.length,
    errors: errorTimes.length,
    statuses,
    p50ms: Math.round(pct(latencies, 50)),
    p95ms: Math.round(pct(latencies, 95)),
    p99ms: Math.round(pct(latencies, 99)),
    errorTimes,
    errorSamples: [...errorSamples],
  };
}

/** Upstream requests the demo fleet has served, all clusters and APIs. */
export function upstreamTotal(counts: Record<string, Record<string, number>>) {
  return Object.values(counts).reduce(
    (total, apis) =>
      total +
      Object.values(apis).reduce(
        (clusterTotal, count) => clusterTotal + count,
        0,
      ),
    0,
  );
}
