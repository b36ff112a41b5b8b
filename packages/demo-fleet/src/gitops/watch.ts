/**
 * Watches the forge's infra repository as Argo CD watches a repository:
 * every few seconds it reads the default branch's commit, and when it moved
 * hands the tenants on it to `sync` — which starts what is new. A sync that
 * fails is logged and tried again on the next commit, never in a loop.
 */
import { clusterRings, headOf, mergedTenants, MergedTenant } from './infraRepo';

export interface InfraWatch {
  /** Reads the repository now (tests and the first sync don't wait). */
  poll(): Promise<void>;
  stop(): void;
}

export function watchInfraRepo(options: {
  gitDir: string;
  intervalMs?: number;
  /** `rings`: each cluster's upgrade ring on that commit. */
  sync(tenants: MergedTenant[], rings: Map<string, string>): Promise<void>;
  log?: (line: string) => void;
}): InfraWatch {
  const log = options.log ?? (line => process.stderr.write(`${line}\n`));
  let seen: string | undefined;
  let running: Promise<void> | undefined;
  const poll = async () => {
    const head = headOf(options.gitDir);
    if (!head || head === seen) return;
    seen = head;
    try {
      const { tenants, problems } = await mergedTenants(options.gitDir, head);
      for (const problem of problems) {
        log(`demo fleet: infra repo ${head.slice(0, 7)}: ${problem}`);
      }
      await options.sync(tenants, clusterRings(options.gitDir, head));
    } catch (error) {
      log(
        `demo fleet: could not sync infra repo ${head.slice(0, 7)}: ${
          (error as Error).message
        }`,
      );
    }
  };
  // One poll at a time: a slow sync is not started twice.
  const tick = () => {
    if (!running) running = poll().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 2000);
  timer.unref();
  return { poll: tick, stop: () => clearInterval(timer) };
}
