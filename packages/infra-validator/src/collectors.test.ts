import { Collector, exportersOf, mergeValues, receiverTls } from './collectors';

const collector = (config: Record<string, any>): Collector => ({
  file: 'infra/argocd/apps/example.yaml',
  where: '#0',
  name: 'Application example',
  releaseName: 'example',
  namespace: 'observability',
  config,
});

describe('mergeValues', () => {
  it('merges maps key by key, replaces lists and removes keys set to null', () => {
    expect(
      mergeValues(
        {
          receivers: { jaeger: { protocols: {} }, otlp: { a: 1 } },
          pipelines: { traces: ['otlp', 'jaeger'] },
        },
        {
          receivers: { jaeger: null, otlp: { b: 2 } },
          pipelines: { traces: ['otlp'] },
        },
      ),
    ).toEqual({
      receivers: { otlp: { a: 1, b: 2 } },
      pipelines: { traces: ['otlp'] },
    });
  });
});

describe('exportersOf', () => {
  it('lists only the exporters a pipeline uses that send to an endpoint', () => {
    const c = collector({
      exporters: {
        'otlp/tempo': {
          endpoint: 'tempo-api.observability.svc:4317',
          tls: { insecure: true },
        },
        'otlp/unused': { endpoint: 'nowhere:4317' },
        nop: {},
      },
      service: {
        pipelines: {
          traces: { exporters: ['otlp/tempo'] },
          logs: { exporters: ['nop'] },
        },
      },
    });
    expect(exportersOf(c).map(e => [e.name, e.endpoint, e.insecure])).toEqual([
      ['otlp/tempo', 'tempo-api.observability.svc:4317', true],
    ]);
  });
});

describe('receiverTls', () => {
  it('reads TLS from the OTLP protocol that serves the port', () => {
    const c = collector({
      receivers: {
        otlp: { protocols: { grpc: { tls: { cert_file: 'c' } }, http: {} } },
      },
    });
    expect([receiverTls(c, 4317), receiverTls(c, 4318)]).toEqual([true, false]);
  });
});
