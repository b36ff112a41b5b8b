import fs from 'node:fs';
import path from 'node:path';
import { Config, ConfigReader } from '@backstage/config';
import { parse } from 'yaml';

/** How long a read of the registrations directory serves, by default. */
const DEFAULT_TTL_MS = 10_000;

const CLUSTER_NAME = /^[a-z0-9][-a-z0-9]{0,62}$/;

/**
 * Where the portal finds a cluster's endpoints and credentials (its
 * Kubernetes API, Argo CD with its tokens, Prometheus, ingress), by cluster
 * name: `trinity.clusters.<name>` in app-config, or — so that a new cluster
 * needs no config change and no redeploy — a file in
 * `trinity.clusterRegistry.registrationsDir`, one per cluster, named
 * `<name>.yaml` (or `.yml`, `.json`, or bare `<name>`), holding the same
 * fields. In production that directory is a mounted Secret that External
 * Secrets fills from every `trinity-cluster-<name>` entry of the secret
 * store, which the cluster's composition writes when its infra pull
 * request is merged; the kubelet refreshes the files in place, and this
 * reads the directory again every 10 s. App-config wins over a file.
 */
export class ClusterRegistrations {
  static fromConfig(
    config: Config,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    return new ClusterRegistrations(
      config.getOptionalConfig('trinity.clusters'),
      config.getOptionalString('trinity.clusterRegistry.registrationsDir'),
      options.ttlMs ?? DEFAULT_TTL_MS,
      options.now ?? Date.now,
    );
  }

  private files?: { readAt: number; byName: Map<string, Config> };

  constructor(
    private readonly configured: Config | undefined,
    private readonly directory: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** A cluster's registration, or undefined when it has none. */
  of(name: string): Config | undefined {
    if (this.configured?.has(name)) return this.configured.getConfig(name);
    return this.fromDirectory().get(name);
  }

  /** Every registered cluster's name. */
  names(): string[] {
    return [
      ...new Set([
        ...(this.configured?.keys() ?? []),
        ...this.fromDirectory().keys(),
      ]),
    ].sort();
  }

  private fromDirectory(): Map<string, Config> {
    if (!this.directory) return new Map();
    if (this.files && this.now() - this.files.readAt < this.ttlMs) {
      return this.files.byName;
    }
    const byName = new Map<string, Config>();
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(this.directory);
    } catch {
      // Not mounted (yet): no registrations from files.
    }
    for (const file of entries) {
      // A Secret volume keeps its data behind `..data` links: skip them.
      if (file.startsWith('.')) continue;
      const name = file.replace(/\.(ya?ml|json)$/, '');
      if (!CLUSTER_NAME.test(name)) continue;
      try {
        const data = parse(
          fs.readFileSync(path.join(this.directory, file), 'utf8'),
        );
        if (data && typeof data === 'object') {
          byName.set(name, new ConfigReader(data, `registration ${file}`));
        }
      } catch {
        // A file being rewritten or not YAML: the cluster has no
        // registration until it reads whole.
      }
    }
    this.files = { readAt: this.now(), byName };
    return byName;
  }
}
