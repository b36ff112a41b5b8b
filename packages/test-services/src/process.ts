import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/**
 * Where the kernel takes the local ports of outgoing connections
 * (`net.ipv4.ip_local_port_range`), Linux's default when it cannot be read.
 */
export function ephemeralPorts(): { low: number; high: number } {
  try {
    const [low, high] = fs
      .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low > 0 && high >= low) return { low, high };
  } catch {
    // Not Linux: assume its default.
  }
  return { low: 32768, high: 60999 };
}

/** Whether a TCP server could listen on `port` on every address now. */
function canListen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Below the ephemeral range, above where services have their own ports. */
const FIRST_CHOSEN = 20000;

/**
 * A free TCP port for a server another process starts on it. Chosen below
 * the kernel's ephemeral range: a port the kernel hands out (listen on 0)
 * is one it also gives outgoing connections, so between this answer and
 * the child's listen any connection could take it (the demo fleet's
 * supervisor once restarted a service for 20 s on a port its own load
 * generator's connection held: EADDRINUSE). Outside that range only
 * another server choosing the same port at random can, 1 in ~12,000.
 */
export async function freePort(): Promise<number> {
  const { low } = ephemeralPorts();
  if (low - FIRST_CHOSEN >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port =
        FIRST_CHOSEN + Math.floor(Math.random() * (low - FIRST_CHOSEN));
      if (await canListen(port)) return port;
    }
  }
  // No room below the range (or all tries taken): the kernel's choice.
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with the Debian package to install when a binary is missing. */
export function requireBinary(path: string, debianPackage: string) {
  if (!fs.existsSync(path)) {
    throw new Error(
      `${path} is missing: install the Debian package ${debianPackage} (./trinity test installs it)`,
    );
  }
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string } = {},
) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${
        result.stderr || result.stdout
      }`,
    );
  }
  return result.stdout;
}

/** Children still running, killed if this process exits first. */
const live = new Set<ChildProcess>();

/**
 * Kills `child` when this process exits, if it is still running then. A
 * test whose setup timed out never stops what that setup went on to start
 * (its `afterAll` holds nothing to stop): without this, its Prometheus and
 * service processes outlived the Jest worker and took CPU from every suite
 * after it. A process killed outright (SIGKILL) still leaves them.
 */
export function diesWithThisProcess(child: ChildProcess): ChildProcess {
  if (!live.size) process.once('exit', killLive);
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    if (!live.size) process.removeListener('exit', killLive);
  });
  return child;
}

function killLive() {
  for (const child of live) child.kill('SIGKILL');
}

/**
 * Starts a server process and keeps its output for error messages. `env`
 * is added to this process's environment.
 */
export function startProcess(
  command: string,
  args: string[],
  cwd?: string,
  env?: Record<string, string>,
) {
  const child = diesWithThisProcess(
    spawn(command, args, {
      cwd,
      env: env && { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>(resolve => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/** Polls until `ready` resolves true or the deadline passes. */
export async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  diagnostics: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await ready()) return;
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(
    `${what} did not become ready in ${timeoutMs} ms: ${diagnostics().slice(
      -2000,
    )}`,
  );
}

/**
 * Starts a server, waits until `ready` says so, and returns a stop that also
 * removes its working directory, when one is given. A server that never
 * becomes ready is stopped and the error carries the tail of its output.
 */
export async function startServer(options: {
  name: string;
  command: string;
  args: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
  dir?: string;
  ready: () => Promise<boolean>;
  timeoutMs: number;
}) {
  const proc = startProcess(
    options.command,
    options.args,
    undefined,
    options.env,
  );
  try {
    await waitUntil(
      options.name,
      options.ready,
      options.timeoutMs,
      proc.output,
    );
  } catch (error) {
    await proc.stop();
    if (options.dir) fs.rmSync(options.dir, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    await proc.stop();
    if (options.dir) fs.rmSync(options.dir, { recursive: true, force: true });
  };
}
