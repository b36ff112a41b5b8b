import net from 'node:net';
import { freePort, requireBinary, startServer } from './process';

export interface RealRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Answers PING with PONG: the server is up. */
function ping(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', data => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/**
 * A private Redis from Debian (redis-server) on a free loopback port,
 * keeping nothing on disk: a test's keys never meet another's.
 */
export async function startRedis(): Promise<RealRedis> {
  requireBinary('/usr/bin/redis-server', 'redis-server');
  const port = await freePort();
  const stop = await startServer({
    name: 'Redis',
    command: '/usr/bin/redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    ready: () => ping(port),
    timeoutMs: 10_000,
  });
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
