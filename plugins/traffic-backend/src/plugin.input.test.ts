/*
 * Bad input to the traffic actions: a clear 400 (or 413) naming the field,
 * and no change at the provider. The backend and the demo fleet:
 * __testUtils__/trafficBackend.ts.
 */
import request from 'supertest';
import { key, path, user, trafficTest } from './__testUtils__/trafficBackend';

jest.setTimeout(60_000);

// Each plugin.*.test.ts its own ports: Jest may run them side by side.
const BASE = 18100;
const t = trafficTest(BASE);
const { backend, act, powerDnsWeights } = t;

describe('bad input: a clear 400 and no change at the provider', () => {
  it.each([
    [
      'an unknown cluster',
      { kind: 'drain', cluster: 'oci-fra-prod-01', reason: 'x' },
      /^cluster: oci-fra-prod-01 is not a target/,
    ],
    [
      'weights that do not parse',
      { kind: 'weights', weights: { 'aws-use1-prod-01': 'half' }, reason: 'x' },
      /weights/,
    ],
    [
      'weights that sum to zero',
      {
        kind: 'weights',
        weights: {
          'aws-use1-prod-01': 0,
          'gcp-euw1-prod-01': 0,
          'azure-eastus-prod-01': 0,
        },
        reason: 'x',
      },
      /weights sum to zero/,
    ],
    [
      'a missing reason',
      { kind: 'drain', cluster: 'aws-use1-prod-01' },
      /reason/,
    ],
    [
      'a blank reason',
      { kind: 'drain', cluster: 'aws-use1-prod-01', reason: '   ' },
      /a reason is required/,
    ],
    [
      'an unknown action',
      { kind: 'reboot', cluster: 'aws-use1-prod-01', reason: 'x' },
      /kind/,
    ],
  ])('%s', async (_title, body, message) => {
    const { server } = await backend();
    const res = await act(server, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('a missing idempotency key', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .send({ kind: 'drain', cluster: 'aws-use1-prod-01', reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/idempotency-key/i);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });
});

describe('bad input names its field', () => {
  it.each([
    [
      'a cluster named constructor',
      { kind: 'drain', cluster: 'constructor', reason: 'x' },
      /^cluster: constructor is not a target/,
    ],
    [
      'a cluster named __proto__',
      { kind: 'drain', cluster: '__proto__', reason: 'x' },
      /cluster/,
    ],
    [
      'weights keyed __proto__',
      {
        kind: 'weights',
        weights: JSON.parse('{"__proto__": 5}'),
        reason: 'x',
      },
      /weights/,
    ],
    [
      'kind weights without weights',
      { kind: 'weights', reason: 'x' },
      /weights/,
    ],
    ['a drain without its cluster', { kind: 'drain', reason: 'x' }, /cluster/],
  ])('%s: 400', async (_title, body, message) => {
    const { server } = await backend();
    for (const route of ['preview', 'actions']) {
      const res = await request(server)
        .post(`${path}/${route}`)
        .set(user)
        .set('Idempotency-Key', key())
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });

  it('a body over the size limit: 413', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post(`${path}/actions`)
      .set(user)
      .set('Idempotency-Key', key())
      .send({
        kind: 'drain',
        cluster: 'aws-use1-prod-01',
        reason: 'x'.repeat(200_000),
      });
    expect(res.status).toBe(413);
    expect(await powerDnsWeights()).toEqual([1, 1, 1]);
  });
});
