/**
 * The product's services as processes: each service of each cluster is
 * `node src/main.ts` from its rendered template (render.ts), launched as
 * launch.ts says (Node's side only), on its own loopback port, supervised as a kubelet would — a process that exits is
 * started again after a back-off (1 s, doubling to 10 s, back to 1 s once
 * it has served for 10 s) and its restarts are counted — and killed with
 * its cluster.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { diesWithThisProcess } from '@internal/test-services';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@internal/test-services';
import { repoRoot } from '../repoRoot';
import { renderService, serviceValues } from './render';
import { serviceLaunch } from './launch';

/**
 * Where rendered services live: inside the repository, so their imports
 * (@opentelemetry/*, pinned by the template and by this package) resolve
 * from the monorepo's node_modules, as `npm install` gives them in CI.
 */
const renderedRoot = path.join(repoRoot, '.trinity-data/product');

/** Writes a service's rendered files once per content (safe for parallel runs). */
export function writeRendered(product: string, service: string): string {
  const dir = path.join(renderedRoot, service);
  for (const [file, contents] of renderService(
    serviceValues(product, service),
  )) {
    const target = path.join(dir, file);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === contents) {
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, target);
  }
  return dir;
}

export interface ServiceProcess {
  service: string;
  cluster: string;
  port: number;
  /** Times the supervisor started it again after it exited. */
  restarts(): number;
  /** Listening right now (it logged so, and has not exited since). */
  up(): boolean;
  /** Its process id while it runs. */
  pid(): number | undefined;
  /** Answers /readyz with 200 right now. */
  ready(): Promise<boolean>;
  /** Stops it and keeps it stopped (its cluster died). */
  stop(): Promise<void>;
  /** Starts it again and waits until it is ready. */
  start(): Promise<void>;
}

export function serviceProcess(options: {
  dir: string;
  service: string;
  cluster: string;
  port: number;
  env: Record<string, string>;
}): ServiceProcess {
  let child: ChildProcess | undefined;
  let wanted = false;
  let restarts = 0;
  let backoffMs = 1000;
  let output = '';
  let listening = false;
  let stable: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;

  const ready = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${options.port}/readyz`, {
        signal: AbortSignal.timeout(1000),
      });
      return res.ok;
    } catch {
      return false;
    }
  };

  // Once per process, not per start: its files are stripped for all starts.
  const how = serviceLaunch(options.dir);
  const launch = () => {
    output = '';
    // Dies with the fleet's process, should it exit without stopping them.
    const started = diesWithThisProcess(
      spawn(process.execPath, how.args, {
        cwd: options.dir,
        env: {
          ...how.env,
          PATH: process.env.PATH ?? '',
          PORT: String(options.port),
          CLUSTER_NAME: options.cluster,
          SHUTDOWN_GRACE_MS: '1000',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    started.stdout?.on('data', chunk => {
      output = (output + chunk).slice(-4000);
      // The template's main.ts logs {"msg":"listening",…} once it is.
      if (
        child === started &&
        !listening &&
        output.includes('"msg":"listening"')
      ) {
        listening = true;
        stable = setTimeout(() => (backoffMs = 1000), 10_000);
        stable.unref();
      }
    });
    started.stderr?.on(
      'data',
      chunk => (output = (output + chunk).slice(-4000)),
    );
    started.once('exit', () => {
      if (child === started) {
        child = undefined;
        listening = false;
        clearTimeout(stable);
      }
      if (!wanted) return;
      // Exited on its own: start it again after a back-off, like a kubelet.
      restarts += 1;
      retry = setTimeout(() => {
        retry = undefined;
        if (wanted && !child) launch();
      }, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 10_000);
    });
    child = started;
  };

  return {
    service: options.service,
    cluster: options.cluster,
    port: options.port,
    restarts: () => restarts,
    up: () => listening,
    pid: () => child?.pid,
    ready,
    async start() {
      wanted = true;
      backoffMs = 1000;
      if (!child) launch();
      const deadline = Date.now() + 20_000;
      while (!(await ready())) {
        if (Date.now() > deadline) {
          throw new Error(
            `${options.service} on ${options.cluster} did not become ready in 20 s: ${output}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    },
    async stop() {
      wanted = false;
      if (retry) clearTimeout(retry);
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>(resolve => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}

/** A free port for each service of each cluster. */
export async function servicePorts(
  clusters: string[],
  services: string[],
): Promise<Map<string, number>> {
  const ports = new Map<string, number>();
  const taken = new Set<number>();
  for (const cluster of clusters) {
    for (const service of services) {
      let port = await freePort();
      // The kernel may hand a just-released port out again.
      while (taken.has(port)) port = await freePort();
      taken.add(port);
      ports.set(`${cluster}/${service}`, port);
    }
  }
  return ports;
}
