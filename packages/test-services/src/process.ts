import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A free loopback TCP port, from the kernel. */
export function freePort(): Promise<number> {
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
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: env && { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
