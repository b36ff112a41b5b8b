import { nextWeights, shares } from './weights';

const current = { aws: 1, gcp: 1, azure: 1 };

describe('nextWeights', () => {
  it('drains to 0 and restores to the weight before the drain', () => {
    const drained = nextWeights(current, { kind: 'drain', cluster: 'gcp' });
    expect(drained).toEqual({ aws: 1, gcp: 0, azure: 1 });
    expect(
      nextWeights(drained, { kind: 'restore', cluster: 'gcp' }, () => 3),
    ).toEqual({ aws: 1, gcp: 3, azure: 1 });
  });

  it.each([
    [{ kind: 'drain', cluster: 'oci' }, /^cluster: oci is not a target/],
    [{ kind: 'drain', cluster: 'constructor' }, /^cluster: constructor is not/],
    [{ kind: 'restore', cluster: 'toString' }, /^cluster: toString is not/],
    [
      { kind: 'weights', weights: JSON.parse('{"__proto__": 5}') },
      /^weights.__proto__: __proto__ is not a target/,
    ],
    [{ kind: 'weights' }, /^weights: required for kind weights/],
    [{ kind: 'weights', weights: { aws: -1 } }, /whole number from 0 to 255/],
    [{ kind: 'weights', weights: { aws: 1.5 } }, /whole number/],
    [{ kind: 'weights', weights: { aws: Number.NaN } }, /whole number/],
    [
      { kind: 'weights', weights: { aws: 0, gcp: 0, azure: 0 } },
      /weights sum to zero/,
    ],
    [{ kind: 'reboot' }, /unknown action reboot/],
  ])('refuses %j', (action, message) => {
    expect(() => nextWeights(current, action as any)).toThrow(message);
  });
});

describe('shares', () => {
  it('splits by weight among serving clusters; unhealthy and drained get none', () => {
    expect(
      shares(
        { aws: 2, gcp: 1, azure: 1 },
        { aws: 'healthy', gcp: 'unhealthy', azure: 'unknown' },
      ),
    ).toEqual({ aws: 2 / 3, gcp: 0, azure: 1 / 3 });
    expect(
      shares({ aws: 0, gcp: 0 }, { aws: 'healthy', gcp: 'healthy' }),
    ).toEqual({ aws: 0, gcp: 0 });
  });
});
