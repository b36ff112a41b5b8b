import { versionsByRing } from './ringVersions';
import {
  abortedCanary,
  canarying,
  promoted,
  rowOf,
  silentRow,
} from '../__testUtils__/rolloutRows';

describe('versionsByRing', () => {
  it("groups each cluster's stable tags by its upgrade ring, rings in order", () => {
    const rings = versionsByRing([
      rowOf('azure', [promoted({ stableTag: '1.3.0', canaryTag: '1.3.0' })]),
      rowOf('gcp', [canarying()]),
      rowOf('aws', [promoted()]),
    ]);
    expect(rings.map(ring => [ring.ring, ring.clusters])).toEqual([
      ['ring-0', ['GCP 1']],
      ['ring-1', ['AWS 1']],
      ['ring-2', ['AZURE 1']],
    ]);
    expect(rings.map(ring => ring.services[0].stable)).toEqual([
      ['1.4.0'],
      ['1.4.0'],
      ['1.3.0'],
    ]);
    // The canary on ring 0 is named with how far it got; not on the others.
    expect(rings[0].services[0].canaries).toEqual([
      { tag: '1.5.0', cluster: 'GCP 1', words: 'step 2 of 6, 10 %' },
    ]);
    expect(rings[1].services[0].canaries).toEqual([]);
  });

  it('says a ring is split when its clusters run different stable tags', () => {
    const [ring] = versionsByRing([
      rowOf('gcp', [promoted()]),
      rowOf('aws', [promoted({ stableTag: '1.3.0' })], 'ring-0'),
    ]);
    expect(ring.clusters).toEqual(['GCP 1', 'AWS 1']);
    expect(ring.services[0].stable).toEqual(['1.4.0', '1.3.0']);
  });

  it('names an aborted canary as aborted, and a cluster that did not answer as unknown with why', () => {
    const rings = versionsByRing([
      rowOf('gcp', [abortedCanary()]),
      silentRow('azure'),
    ]);
    expect(rings[0].services[0].canaries[0].words).toBe('aborted');
    expect(rings[1]).toEqual({
      ring: 'ring-2',
      clusters: ['AZURE 1'],
      services: [],
      unknown: [
        {
          cluster: 'AZURE 1',
          why: "cannot reach azure-1's Kubernetes API: connection refused",
        },
      ],
    });
  });
});
