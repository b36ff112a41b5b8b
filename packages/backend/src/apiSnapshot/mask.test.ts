import { mask } from './__testUtils__/mask';

const context = {
  repoRoot: '/work/main',
  tempDirs: ['/tmp/trinity-api-snapshot-abc123'],
  demoNow: new Date('2025-06-02T10:00:00.000Z'),
};

describe('mask', () => {
  it('masks by key, whatever the value', () => {
    expect(
      mask(
        {
          fetchedAt: '2030-01-01T00:00:00.000Z',
          generatedAt: 'x',
          createdAt: 1,
          updatedAt: 'y',
          uid: 'u',
          etag: 'e',
          latencyMs: 12,
          port: 18780,
          ageSeconds: 3,
          lastChangeAgeMs: 40,
          constructor: 'kept',
        },
        context,
      ),
    ).toEqual({
      fetchedAt: '<time>',
      generatedAt: '<time>',
      createdAt: '<time>',
      updatedAt: '<time>',
      uid: '<uid>',
      etag: '<etag>',
      latencyMs: '<ms>',
      port: '<port>',
      ageSeconds: '<age>',
      lastChangeAgeMs: '<age>',
      constructor: 'kept',
    });
  });

  it('masks a compare-and-set version, not a release version', () => {
    expect(
      mask(
        [{ version: '53f4a01a9edef5e4' }, { version: 'v2.14.11+demo' }],
        context,
      ),
    ).toEqual([{ version: '<version>' }, { version: 'v2.14.11+demo' }]);
  });

  it('masks patterns inside strings', () => {
    expect(
      mask(
        [
          'file:/tmp/trinity-api-snapshot-abc123/forge/x.yaml',
          'file:/work/main/catalog/org.yaml',
          'id 5ee4f815-9af9-4024-89ff-c7d95fb4ce9f',
          'head 926e8b9cb85a83149a7f56f42a5d324a40e82365, revision e00c65c',
          'read at 2030-01-01T00:00:00.000Z, deployed 2025-06-02T08:00:00Z',
          'http://127.0.0.1:18712/applications/x on localhost:3000',
          'GET /healthz on 127.0.0.11:18780 answered 200',
          'Prometheus ready (4 ms), changed 12 s ago',
          'time 2025-06-02T08:00:00Z keeps its minutes',
        ],
        context,
      ),
    ).toEqual([
      'file:<tmp>/forge/x.yaml',
      'file:<repo>/catalog/org.yaml',
      'id <uuid>',
      'head <commit>, revision e00c65c',
      'read at <time>, deployed 2025-06-02T08:00:00Z',
      'http://127.0.0.1:<port>/applications/x on localhost:<port>',
      'GET /healthz on 127.0.0.11:<port> answered 200',
      'Prometheus ready (<n> ms), changed <n> s ago',
      'time 2025-06-02T08:00:00Z keeps its minutes',
    ]);
  });

  it("masks what a real Prometheus measured, not the SLO's verdict", () => {
    expect(
      mask(
        {
          objective: 0.9990000000000001,
          evaluation: {
            status: 'ok',
            budgetRemaining: 0.4999999999997778,
            burnRates: { '5m': 0.5000000000002222, '3d': 0.958 },
            firing: [],
            reason: 'within budget · fastest burn 0.5×',
          },
          summary: 'api: burning 50x over 1h and 25.3x over 5m',
        },
        context,
      ),
    ).toEqual({
      objective: 0.999,
      evaluation: {
        status: 'ok',
        budgetRemaining: '<ratio>',
        burnRates: { '5m': '<burn>', '3d': '<burn>' },
        firing: [],
        reason: 'within budget · fastest burn <n>×',
      },
      summary: 'api: burning <n>x over 1h and <n>x over 5m',
    });
  });

  it('keeps order, numbers, booleans and null', () => {
    expect(mask({ a: [3, 1, 2], b: true, c: null, d: 0.25 }, context)).toEqual({
      a: [3, 1, 2],
      b: true,
      c: null,
      d: 0.25,
    });
  });
});
