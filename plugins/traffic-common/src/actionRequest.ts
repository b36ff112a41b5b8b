import { InputError } from '@backstage/errors';
import { ActionRequest, ActionRequestBody } from './model';

/**
 * The wire's flat action body as the services take it: narrowed to its kind
 * (a weights change carries weights, a drain or restore its cluster), and the
 * compare-and-set version apart. The OpenAPI router has already refused a
 * body the spec forbids; this says so again in types, without a cast.
 */
export function actionRequestOf(body: ActionRequestBody): {
  request: ActionRequest;
  expectedVersion?: string;
} {
  const { kind, cluster, weights, expectedVersion, ...why } = body;
  if (kind === 'weights') {
    if (!weights) throw new InputError('a weights change names the weights');
    return { request: { kind, weights, ...why }, expectedVersion };
  }
  if (!cluster) throw new InputError(`a ${kind} names its cluster`);
  return { request: { kind, cluster, ...why }, expectedVersion };
}
