/**
 * Upstream failures in words. Node's fetch reports every connection problem
 * as "fetch failed" and hides the reason in `cause`; a page that shows that
 * tells nobody what to do. These helpers name the reason ("connection
 * refused", "host not found") and, with `cannotReach`, the thing that did
 * not answer ("cannot reach aws-use1-prod-01's Argo CD: connection refused").
 */

const connectionCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stopped arriving',
};

type ErrorLike = {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
};

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null
    ? (value as ErrorLike)
    : undefined;
}

/** The connection error code behind an error, if it is one (ECONNREFUSED, …). */
export function connectionErrorCode(error: unknown): string | undefined {
  for (
    let current = asErrorLike(error), depth = 0;
    current && depth < 4;
    current = asErrorLike(current.cause), depth++
  ) {
    if (current.code && connectionCodes[current.code]) return current.code;
    // Some clients keep only the message ("connect ECONNREFUSED 127.0.0.1:80").
    const named = current.message?.match(/\b(E[A-Z]{4,}|UND_ERR_[A-Z_]+)\b/);
    if (named && connectionCodes[named[1]]) return named[1];
  }
  return undefined;
}

function timedOut(error: unknown): boolean {
  const name = asErrorLike(error)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Why a call failed, in words: the connection problem, or the error's message. */
export function describeFailure(error: unknown): string {
  const code = connectionErrorCode(error);
  if (code) return connectionCodes[code];
  if (timedOut(error)) return 'no answer in time';
  const failure = asErrorLike(error);
  const message = failure?.message ?? String(error);
  // "fetch failed" with a cause we have no words for: the cause says more.
  const cause = asErrorLike(failure?.cause);
  if (message === 'fetch failed' && cause?.message) return cause.message;
  return message;
}

/**
 * `cannot reach <what>: <reason>` for a connection failure, otherwise
 * `<what>: <message>` (the upstream answered, and said something).
 */
export function cannotReach(what: string, error: unknown): string {
  const reason = describeFailure(error);
  const unreachable = connectionErrorCode(error) || timedOut(error);
  return unreachable ? `cannot reach ${what}: ${reason}` : `${what}: ${reason}`;
}
