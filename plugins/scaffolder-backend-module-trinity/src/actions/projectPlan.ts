import fs from 'node:fs';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';
import { inWorkspace } from './common';

/**
 * `trinity:infra:project-plan`: what a new product needs from its team's
 * Argo CD project in an infra checkout — the project exists? it already
 * allows the product's namespace? The template then creates the project
 * or adds the destination with Roadie's comment-preserving merge, and a
 * re-run adds nothing twice.
 */
export function createProjectPlanAction() {
  return createTemplateAction({
    id: 'trinity:infra:project-plan',
    description:
      "Reads a team's AppProject in an infra checkout: does it exist, does it allow a namespace.",
    supportsDryRun: true,
    schema: {
      input: {
        checkoutPath: zod => zod.string(),
        team: zod => zod.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/),
        namespace: zod => zod.string(),
      },
      output: {
        path: zod => zod.string(),
        exists: zod => zod.boolean(),
        allowsNamespace: zod => zod.boolean(),
      },
    },
    async handler(ctx) {
      const rel = `argocd/projects/${ctx.input.team}.yaml`;
      const file = inWorkspace(ctx, `${ctx.input.checkoutPath}/${rel}`);
      const exists = fs.existsSync(file);
      const project = exists ? parse(fs.readFileSync(file, 'utf8')) : undefined;
      const destinations: Array<{ namespace?: string }> =
        project?.spec?.destinations ?? [];
      ctx.output('path', `${ctx.input.checkoutPath}/${rel}`);
      ctx.output('exists', exists);
      ctx.output(
        'allowsNamespace',
        destinations.some(
          destination => destination.namespace === ctx.input.namespace,
        ),
      );
    },
  });
}
