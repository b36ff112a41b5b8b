import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  LocalForge,
  subscribeForgeRepoChanged,
} from '@internal/plugin-forge-node';
import { annotations } from '@internal/plugin-platform-common';
import { parseAllDocuments } from 'yaml';
import { productEntities } from './productEntities';

/** The catalog annotation naming the repository an entity came from. */
const SOURCE_REPO_ANNOTATION = annotations.sourceRepo;

/**
 * The files a repository's entities come from: `catalog-info.yaml` at the
 * root and one per service (`services/<service>/catalog-info.yaml`, as the
 * product templates write them).
 */
export const isCatalogFile = (file: string) =>
  file === 'catalog-info.yaml' ||
  /^services\/[^/]+\/catalog-info\.yaml$/.test(file);

/**
 * The catalog side of the local forge: every repository's catalog files
 * (see isCatalogFile) on its default branch, read on a schedule and at once
 * when a repository changes (the forge's repo-changed event: a template
 * published, a pull request was merged); of those, only the product's own System,
 * Components and APIs (productEntities.ts). Each entity names the repository it came from
 * (`trinity.io/source-repo`), which is how a re-run of a template knows the
 * product's names are its own.
 */
export class ForgeEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly forge: LocalForge,
    private readonly logger: LoggerService,
    private readonly runner: SchedulerServiceTaskRunner,
    private readonly events?: EventsService,
  ) {}

  getProviderName() {
    return 'trinity-forge';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    if (this.events) {
      await subscribeForgeRepoChanged(this.events, {
        id: 'trinity-forge-entity-provider',
        // Not awaited: the publisher does not wait for the catalog.
        onChange: () => {
          this.read().catch(error =>
            this.logger.warn(`forge read failed: ${error}`),
          );
        },
      });
    }
    await this.runner.run({
      id: 'trinity-forge-catalog-read',
      fn: () => this.read(),
    });
  }

  async read() {
    if (!this.connection) return;
    const entities: Entity[] = [];
    for (const repo of await this.forge.listRepos()) {
      const catalogFiles = (await this.forge.listFiles(repo.repo)).filter(
        isCatalogFile,
      );
      const declared: Entity[] = [];
      for (const file of catalogFiles) {
        const text = await this.forge.readFile(repo.repo, file);
        if (!text) continue;
        const location = `url:${repo.url}/blob/main/${file}`;
        for (const doc of parseAllDocuments(text)) {
          const entity = doc.toJS() as Entity | null;
          if (!entity?.kind || !entity.metadata?.name) continue;
          entity.metadata.annotations = {
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
            // The repository's root folder, as Backstage spells one (a
            // trailing slash): TechDocs resolves `dir:.` against it.
            [ANNOTATION_SOURCE_LOCATION]: `url:${repo.url}/tree/main/`,
            [SOURCE_REPO_ANNOTATION]: repo.repo,
          };
          declared.push(entity);
        }
      }
      // Only what a product may declare; the rest is named in the log.
      const { accepted, refused } = productEntities(repo.repo, declared);
      refused.forEach(refusal => this.logger.warn(`forge catalog: ${refusal}`));
      entities.push(...accepted);
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: `trinity-forge:${entity.metadata.annotations?.[SOURCE_REPO_ANNOTATION]}`,
      })),
    });
  }
}
