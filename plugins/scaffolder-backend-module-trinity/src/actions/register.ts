import fs from 'node:fs';
import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { publishForgeRepoChanged } from '@internal/plugin-forge-node';
import { parseAllDocuments } from 'yaml';
import { inWorkspace } from './common';

/** The entity a product's catalog-info is "about": its System, else the first entity. */
export function mainEntityRef(yamlText: string): string {
  const entities = parseAllDocuments(yamlText)
    .map(doc => doc.toJS())
    .filter(entity => entity?.kind && entity?.metadata?.name);
  const main = entities.find(entity => entity.kind === 'System') ?? entities[0];
  if (!main) throw new InputError('catalog-info.yaml holds no entity');
  return stringifyEntityRef(main);
}

async function waitForEntity(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await catalog.getEntityByRef(entityRef, { credentials })) return true;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  return false;
}

/**
 * `trinity:catalog:register`: makes the product's entities appear in the
 * catalog. The forge's catalog provider reads `catalog-info.yaml` from
 * every repository; this tells it to read now (the forge's repo-changed
 * event) and waits (up to 30 s) until the product's main entity is there,
 * so the wizard's link works.
 */
export function createRegisterAction(
  catalog: CatalogService,
  deps: { events: EventsService; logger: LoggerService },
) {
  return createTemplateAction({
    id: 'trinity:catalog:register',
    description:
      "Registers a published repository's catalog-info.yaml and waits for its entity.",
    supportsDryRun: true,
    schema: {
      input: {
        repo: zod => zod.string(),
        catalogInfoPath: zod =>
          zod
            .string()
            .describe('The catalog-info.yaml in the workspace, as published.'),
      },
      output: { entityRef: zod => zod.string() },
    },
    async handler(ctx) {
      const file = inWorkspace(ctx, ctx.input.catalogInfoPath);
      const entityRef = mainEntityRef(fs.readFileSync(file, 'utf8'));
      ctx.output('entityRef', entityRef);
      if (ctx.isDryRun) return;
      await publishForgeRepoChanged(deps, ctx.input.repo);
      const found = await waitForEntity(
        catalog,
        entityRef,
        await ctx.getInitiatorCredentials(),
        30_000,
      );
      if (!found) {
        ctx.logger.warn(
          `${entityRef} is not in the catalog yet; it will appear at the next read of ${ctx.input.repo}`,
        );
      }
    },
  });
}
