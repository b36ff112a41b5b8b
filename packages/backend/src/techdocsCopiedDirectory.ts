import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import {
  DirectoryPreparer,
  parseReferenceAnnotation,
  PreparerBase,
  PreparerOptions,
  techdocsPreparerExtensionPoint,
  transformDirLocation,
} from '@backstage/plugin-techdocs-node';
import { Entity } from '@backstage/catalog-model';

const CONFIG_NAMES = ['mkdocs.yml', 'mkdocs.yaml'];

/** The `docs_dir` an MkDocs config names (MkDocs' default: `docs`). */
export function docsDirOf(mkdocsYml: string): string {
  const named = mkdocsYml.match(
    /^docs_dir:[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|([^#\n]*?))[ \t]*(?:#.*)?$/m,
  );
  return named?.[1] ?? named?.[2] ?? (named?.[3] || 'docs');
}

/**
 * Copies what MkDocs reads (its config and its docs directory) out of
 * `source` into a new temporary directory.
 */
export async function copyForBuild(source: string): Promise<string> {
  const target = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-dir-'));
  try {
    let docsDir = 'docs';
    for (const name of CONFIG_NAMES) {
      const content = await fs
        .readFile(path.join(source, name), 'utf8')
        .catch(() => undefined);
      if (content === undefined) continue;
      await fs.writeFile(path.join(target, name), content);
      docsDir = docsDirOf(content);
    }
    const from = path.resolve(source, docsDir);
    // A docs_dir outside the entity's directory is MkDocs' to refuse; the
    // copy keeps it where MkDocs will look for it.
    if (!from.startsWith(`${path.resolve(source)}${path.sep}`)) {
      throw new Error(`docs_dir ${docsDir} is outside ${source}`);
    }
    await fs.cp(from, path.join(target, docsDir), { recursive: true });
    return target;
  } catch (error) {
    await fs.rm(target, { recursive: true, force: true });
    throw error;
  }
}

/**
 * TechDocs builds a `dir:` reference where it lies, and its generator
 * rewrites that directory's mkdocs.yml (it adds the default plugins and
 * drops the comments): on the embedded default that is a tracked file of
 * this repository (`catalog/products/storefront/mkdocs.yml`), changed by
 * every local build and browser test. This preparer hands the generator a
 * copy instead (config and docs directory only, so `dir:.` on the
 * repository's root does not copy node_modules), which TechDocs removes
 * after the build. `url:` references are downloaded into a temporary
 * directory already; they are passed on as they are.
 */
export class CopyingDirectoryPreparer implements PreparerBase {
  constructor(
    private readonly inner: PreparerBase,
    private readonly integrations: ScmIntegrations,
  ) {}

  shouldCleanPreparedDirectory() {
    return true;
  }

  async prepare(entity: Entity, options?: PreparerOptions) {
    const prepared = await this.inner.prepare(entity, options);
    const annotation = parseReferenceAnnotation(
      'backstage.io/techdocs-ref',
      entity,
    );
    const { type } = transformDirLocation(
      entity,
      annotation,
      this.integrations,
    );
    if (type !== 'dir') return prepared;
    return {
      ...prepared,
      preparedDir: await copyForBuild(prepared.preparedDir),
    };
  }
}

/** Registers {@link CopyingDirectoryPreparer} for TechDocs' `dir:` references. */
export const techdocsModuleCopiedDirectory = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'copied-directory',
  register(reg) {
    reg.registerInit({
      deps: {
        preparers: techdocsPreparerExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        reader: coreServices.urlReader,
      },
      async init({ preparers, config, logger, reader }) {
        preparers.registerPreparer(
          'dir',
          new CopyingDirectoryPreparer(
            DirectoryPreparer.fromConfig(config, { logger, reader }),
            ScmIntegrations.fromConfig(config),
          ),
        );
      },
    });
  },
});
