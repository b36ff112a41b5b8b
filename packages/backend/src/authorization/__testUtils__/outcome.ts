/*
 * A response as the matrix reads it: allow or deny, and who sends it.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ActorId, actors } from './fixtures';

export type Decision = 'allow' | 'deny';
export interface Outcome {
  decision: Decision;
  status: number;
  /** What came back: the error message, or what happened. */
  detail: string;
}

export const messageOf = (body: any) =>
  body?.error?.message ?? (typeof body === 'object' ? '' : String(body ?? ''));

/**
 * The decision a response stands for: 401 and 403 refuse; 2xx, and 409 from
 * a rule that runs after the permission check (safety checks, anti-flap,
 * already merged), allow. Anything else is not an answer the matrix
 * expects, and fails the row with what came back.
 */
export function decisionOf(
  res: { status: number; body: any },
  options: { notFoundIsDeny?: boolean } = {},
): Outcome {
  const detail = messageOf(res.body);
  if (res.status >= 500) {
    throw new Error(`server error ${res.status}: ${JSON.stringify(res.body)}`);
  }
  if (
    res.status === 401 ||
    res.status === 403 ||
    (res.status === 404 && options.notFoundIsDeny)
  ) {
    return { decision: 'deny', status: res.status, detail };
  }
  if ((res.status >= 200 && res.status < 300) || res.status === 409) {
    return { decision: 'allow', status: res.status, detail };
  }
  throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
}

/** The Authorization header of an actor; none for anonymous. */
export function headersOf(actor: ActorId): Record<string, string> {
  const ref = actors[actor].ref;
  return ref ? { Authorization: mockCredentials.user.header(ref) } : {};
}
