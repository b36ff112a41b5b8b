import { Request, validate, ValidatingPolicy } from './evaluate';
import { CelPolicy } from './kyvernoTest';

type Json = Record<string, any>;

export interface Refusal {
  policy: string;
  /** fail: the policy refuses it; error: the policy could not be evaluated. */
  result: 'fail' | 'error';
  message: string;
}

/**
 * What the validating policies say about one object about to be applied:
 * every failure and every evaluation error, by policy, and how many
 * policies applied to it at all. Passes and skips (an exception, a match
 * condition) say nothing.
 */
export function refusals(
  policies: CelPolicy[],
  object: Json,
  request: Omit<Request, 'object'>,
): { refusals: Refusal[]; applied: number } {
  const out: Refusal[] = [];
  let applied = 0;
  for (const policy of policies) {
    if (policy.kind !== 'ValidatingPolicy') continue;
    const outcome = validate(policy as ValidatingPolicy, {
      ...request,
      object,
    });
    if (outcome) applied++;
    if (outcome?.result === 'fail' || outcome?.result === 'error')
      out.push({
        policy: policy.metadata.name,
        result: outcome.result,
        message: outcome.message ?? '',
      });
  }
  return { refusals: out, applied };
}
