import crypto from 'node:crypto';
import { ServiceUnavailableError } from '@backstage/errors';
import { describeFailure } from '@internal/plugin-platform-common';
import { EntryPointSpec } from '@internal/plugin-traffic-common';
import { ProviderReading } from '@internal/plugin-traffic-node';

/** The entry point's DNS provider failed or did not answer in time. */
export class ProviderError extends ServiceUnavailableError {}

/** The compare-and-set token: changes whenever the provider's records do. */
export function versionOf(reading: ProviderReading): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ r: reading.records, w: reading.weights }))
    .digest('hex')
    .slice(0, 16);
}

/** One provider read or write, for a given entry point, within the deadline. */
export type ProviderCall = <T>(
  entry: EntryPointSpec,
  what: 'read' | 'write',
  call: (signal: AbortSignal) => Promise<T>,
) => Promise<T>;

/**
 * Provider calls within a deadline. Providers that take the signal stop;
 * for the rest the answer is no longer waited for. Either way the failure
 * is the provider's, named as such (a `ProviderError`).
 */
export function providerCallWithin(ms: number): ProviderCall {
  return async (entry, what, call) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${ms / 1000} s`));
      }, ms);
    });
    try {
      return await Promise.race([call(controller.signal), late]);
    } catch (error) {
      throw new ProviderError(
        `${entry.provider} did not ${
          what === 'read' ? 'answer' : 'take the change'
        }: ${describeFailure(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  };
}
