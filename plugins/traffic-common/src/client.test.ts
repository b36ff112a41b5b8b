import { ResponseError } from '@backstage/errors';
import { TrafficClient } from './client';

/** A fetch that records what it was asked and answers `answer`. */
function recordingFetch(answer: Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: (async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return answer;
    }) as typeof fetch,
  };
  return { calls, fetchApi };
}

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://portal/api/${pluginId}`,
};

describe('TrafficClient (over the generated client)', () => {
  it('spells the entity as the catalog does and sends the key and version', async () => {
    const { calls, fetchApi } = recordingFetch(
      new Response(JSON.stringify({ outcome: 'applied' }), { status: 200 }),
    );
    const client = new TrafficClient({ discoveryApi, fetchApi });
    await client.apply(
      { kind: 'System', name: 'Store Front' },
      { kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'incident' },
      { expectedVersion: 'v7', idempotencyKey: 'key-12345678' },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(
      'http://portal/api/traffic/entities/system/default/store%20front/actions',
    );
    expect(calls[0].init?.method).toBe('POST');
    expect(calls[0].init?.headers).toEqual({
      'Idempotency-Key': 'key-12345678',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      kind: 'drain',
      cluster: 'aws-use1-prod-01',
      reason: 'incident',
      expectedVersion: 'v7',
    });
  });

  it('reads without a body or headers', async () => {
    const { calls, fetchApi } = recordingFetch(
      new Response(JSON.stringify({ drains: [] }), { status: 200 }),
    );
    const view = await new TrafficClient({ discoveryApi, fetchApi }).getView({
      kind: 'system',
      namespace: 'payments',
      name: 'ledger',
    });
    expect(view).toEqual({ drains: [] });
    expect(calls[0].url).toBe(
      'http://portal/api/traffic/entities/system/payments/ledger',
    );
    expect(calls[0].init).toEqual({
      method: 'GET',
      headers: {},
      body: undefined,
    });
  });

  it("throws the backend's own error for a non-2xx answer", async () => {
    const { fetchApi } = recordingFetch(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'not yours' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    const failure = new TrafficClient({ discoveryApi, fetchApi }).getAutoSync({
      kind: 'system',
      name: 'ledger',
    });
    await expect(failure).rejects.toBeInstanceOf(ResponseError);
    await expect(failure).rejects.toMatchObject({
      body: { error: { name: 'NotAllowedError', message: 'not yours' } },
    });
  });
});
