import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  Forge,
  InfraTenants,
  readInfraTenants,
  subscribeForgeRepoChanged,
} from '@internal/plugin-forge-node';
import {
  entryPointEntity,
  INFRA_LOCATION_TYPE,
  tenantEntity,
} from '@internal/plugin-platform-common';

/**
 * The infra repo's tenants and entry points in the catalog, as Resources
 * (`tenant`, `entry-point`) read from the repo's default branch — what
 * review merged, nothing a product's own repository says. Read on a
 * schedule and at once when the infra repo changes (the forge's
 * repo-changed event: a pull request to it was merged, it was seeded).
 *
 * It also keeps the last reading for the entry-point claim check
 * ({@link InfraTenantProvider.current}), so the catalog refuses a
 * product's claim of a hostname the infra repo gives another product.
 */
export class InfraTenantProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private reading?: Promise<InfraTenants>;
  private last?: InfraTenants;

  constructor(
    private readonly options: {
      forge: Forge;
      infraRepo: string;
      logger: LoggerService;
      runner?: SchedulerServiceTaskRunner;
      events?: EventsService;
    },
  ) {}

  getProviderName() {
    return 'trinity-infra-tenants';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    if (this.options.events) {
      await subscribeForgeRepoChanged(this.options.events, {
        id: 'trinity-infra-tenants',
        // Not awaited: the publisher does not wait for the catalog.
        onChange: repo => {
          if (repo !== this.options.infraRepo) return;
          this.refresh().catch(error =>
            this.options.logger.warn(`infra tenants read failed: ${error}`),
          );
        },
      });
    }
    await this.options.runner?.run({
      id: 'trinity-infra-tenants-read',
      fn: () => this.refresh(),
    });
  }

  /** The last reading of the infra repo; reads it when there is none yet. */
  async current(): Promise<InfraTenants> {
    return this.last ?? this.read();
  }

  /** Reads the infra repo (one read at a time) and remembers it. */
  read(): Promise<InfraTenants> {
    this.reading ??= this.readOnce().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOnce(): Promise<InfraTenants> {
    const { forge, infraRepo, logger } = this.options;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trinity-infra-'));
    try {
      if (!(await forge.getRepo(infraRepo))) {
        throw new Error(`the infra repo ${infraRepo} does not exist yet`);
      }
      const checkout = path.join(dir, 'repo');
      await forge.checkout(infraRepo, checkout);
      const reading = await readInfraTenants(checkout);
      for (const problem of reading.problems) {
        logger.warn(`infra repo ${infraRepo}: ${problem}`);
      }
      this.last = reading;
      return reading;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async refresh() {
    if (!this.connection) return;
    const reading = await this.read();
    await this.connection.applyMutation({
      type: 'full',
      entities: [
        ...reading.tenants.map(tenant =>
          tenantEntity(tenant, this.options.infraRepo),
        ),
        ...reading.entryPoints.map(entryPoint =>
          entryPointEntity(entryPoint, this.options.infraRepo),
        ),
      ].map(entity => ({
        entity,
        locationKey: `${INFRA_LOCATION_TYPE}:${this.options.infraRepo}`,
      })),
    });
  }
}
