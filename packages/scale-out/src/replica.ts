import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Replica {
  index: number;
  port: number;
  url: string;
  pid: number;
  logFile: string;
  /** Resident set size of the backend process, from /proc, in MiB. */
  rssMiB(): number;
  /** SIGKILL: no shutdown hooks, as a node that dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One backend replica: packages/backend run by Node with Backstage's
 * TypeScript transform (no build step), on its own port, with the embedded
 * default's app-config.yaml plus `configFile` on top. Resolves once
 * Backstage's readiness endpoint answers 200.
 */
export async function startReplica(options: {
  repoRoot: string;
  index: number;
  port: number;
  configFile: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<Replica> {
  const backendDir = path.join(options.repoRoot, 'packages', 'backend');
  const log = fs.openSync(options.logFile, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(options.repoRoot, 'app-config.yaml'),
      '--config',
      options.configFile,
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  let exited: number | null | undefined;
  const gone = new Promise<void>(resolve =>
    child.once('exit', code => {
      exited = code;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const tail = () => fs.readFileSync(options.logFile, 'utf8').slice(-3000);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    if (exited !== undefined) {
      throw new Error(
        `replica ${
          options.index
        } exited (${exited}) before it was ready:\n${tail()}`,
      );
    }
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`replica ${options.index} not ready in time:\n${tail()}`);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (exited !== undefined) return;
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  return {
    index: options.index,
    port: options.port,
    url,
    pid: child.pid!,
    logFile: options.logFile,
    rssMiB() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return Math.round((kb / 1024) * 10) / 10;
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
