import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { ephemeralPorts, freePort } from './process';

it('chooses ports below the ephemeral range, where no outgoing connection can take them, and a server can listen on each', async () => {
  const { low } = ephemeralPorts();
  const ports = await Promise.all(Array.from({ length: 10 }, () => freePort()));
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20000);
    expect(port).toBeLessThan(low);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, resolve);
    });
    await new Promise(resolve => server.close(resolve));
  }
});

it('passes over a port that is taken', async () => {
  const held = net.createServer();
  const port = await freePort();
  await new Promise<void>(resolve => held.listen(port, resolve));
  const random = jest.spyOn(Math, 'random');
  try {
    // First the held port, then another one.
    const { low } = ephemeralPorts();
    const share = (port - 20000 + 0.5) / (low - 20000);
    random.mockReturnValueOnce(share).mockReturnValueOnce(0.5);
    const chosen = await freePort();
    expect(chosen).not.toBe(port);
    expect(random).toHaveBeenCalledTimes(2);
  } finally {
    random.mockRestore();
    await new Promise(resolve => held.close(resolve));
  }
});

it('leaves no child running when the process that started it exits without stopping it', () => {
  // A node process that starts `sleep 600` through startProcess, prints
  // its pid and exits (as a Jest worker does when its run ends: its
  // child's pipes would keep it alive otherwise): the sleep must not
  // outlive it.
  const script = `
    require(${JSON.stringify(
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    )});
    const { startProcess } = require(${JSON.stringify(
      require.resolve('./process'),
    )});
    const { child } = startProcess('sleep', ['600']);
    process.stdout.write(String(child.pid), () => process.exit(0));
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(0);
  const pid = Number(run.stdout);
  expect(pid).toBeGreaterThan(0);
  let alive = true;
  for (let i = 0; i < 50 && alive; i++) {
    try {
      process.kill(pid, 0);
      spawnSync('sleep', ['0.1']);
    } catch {
      alive = false;
    }
  }
  expect(alive).toBe(false);
});
