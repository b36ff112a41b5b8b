import http from 'node:http';
import { AddressInfo } from 'node:net';
import { cannotReach, connectionErrorCode, describeFailure } from './failure';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('upstream failures in words', () => {
  it('names a refused connection from a real fetch, not "fetch failed"', async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).catch(e => e);
    expect(error.message).toBe('fetch failed');
    expect(connectionErrorCode(error)).toBe('ECONNREFUSED');
    expect(describeFailure(error)).toBe('connection refused');
    expect(cannotReach("aws-use1-prod-01's Argo CD", error)).toBe(
      "cannot reach aws-use1-prod-01's Argo CD: connection refused",
    );
  });

  it('names a connection closed by the other side', async () => {
    const server = http.createServer((_req, res) => res.socket?.destroy());
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const error = await fetch(`http://127.0.0.1:${port}/`).catch(e => e);
      expect(describeFailure(error)).toBe(
        'connection closed by the other side',
      );
    } finally {
      server.close();
    }
  });

  it('says a timeout is no answer in time', async () => {
    const error = new DOMException('The operation timed out.', 'TimeoutError');
    expect(cannotReach("gcp-euw1-prod-01's Prometheus", error)).toBe(
      "cannot reach gcp-euw1-prod-01's Prometheus: no answer in time",
    );
  });

  it('reads a code kept only in a message', () => {
    expect(
      describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:7111')),
    ).toBe('connection refused');
  });

  it('keeps what an upstream that answered said', () => {
    const error = new Error('the Kubernetes API answered 403: forbidden');
    expect(connectionErrorCode(error)).toBeUndefined();
    expect(cannotReach("aws-use1-prod-01's Kubernetes API", error)).toBe(
      "aws-use1-prod-01's Kubernetes API: the Kubernetes API answered 403: forbidden",
    );
  });

  it('falls back to the cause of a fetch failure it has no words for', () => {
    const error = new TypeError('fetch failed', {
      cause: new Error('unknown scheme'),
    });
    expect(describeFailure(error)).toBe('unknown scheme');
  });
});
