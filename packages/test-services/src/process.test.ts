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
