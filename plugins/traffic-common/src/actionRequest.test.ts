import { InputError } from '@backstage/errors';
import { actionRequestOf } from './actionRequest';

describe('actionRequestOf', () => {
  it('keeps a drain to its cluster and sets the version apart', () => {
    expect(
      actionRequestOf({
        kind: 'drain',
        cluster: 'aws-use1-prod-01',
        weights: { x: 1 },
        reason: 'incident 42',
        expiresInMinutes: 30,
        expectedVersion: 'v7',
      }),
    ).toEqual({
      request: {
        kind: 'drain',
        cluster: 'aws-use1-prod-01',
        reason: 'incident 42',
        expiresInMinutes: 30,
      },
      expectedVersion: 'v7',
    });
  });

  it('keeps a weights change to its weights', () => {
    expect(
      actionRequestOf({
        kind: 'weights',
        weights: { a: 2, b: 1 },
        cluster: 'ignored',
        reason: 'rebalance',
        force: true,
      }),
    ).toEqual({
      request: {
        kind: 'weights',
        weights: { a: 2, b: 1 },
        reason: 'rebalance',
        force: true,
      },
      expectedVersion: undefined,
    });
  });

  it('refuses a body that lacks what its kind needs', () => {
    expect(() => actionRequestOf({ kind: 'weights', reason: 'r' })).toThrow(
      InputError,
    );
    expect(() => actionRequestOf({ kind: 'restore', reason: 'r' })).toThrow(
      'a restore names its cluster',
    );
  });
});
