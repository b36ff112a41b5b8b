import express from 'express';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** A task's parameters are a form's worth; a dry run carries its template's files. */
const LIMITS = { '/v2/tasks': '1mb', '/v2/dry-run': '10mb' } as const;

/**
 * Checks what the Scaffolder's own task routes take before they run: a body
 * over the size limit is a 413, and a `templateRef` that is not an entity
 * reference is a 400 naming the field (the Scaffolder answers an empty one
 * with a 500). Mounted by this module on the Scaffolder's router, whose
 * modules' routes come before the plugin's own.
 */
export function createTaskRequestGuard(): express.Router {
  const router = express.Router();
  for (const [route, limit] of Object.entries(LIMITS)) {
    router.post(route, express.json({ limit }), (req, _res, next) => {
      const body = req.body ?? {};
      if (!('templateRef' in body)) {
        next();
        return;
      }
      const ref = body.templateRef;
      if (typeof ref !== 'string' || ref.trim() === '') {
        next(
          new InputError(
            'templateRef: must name a template, e.g. template:default/new-product',
          ),
        );
        return;
      }
      try {
        parseEntityRef(ref, { defaultKind: 'template' });
      } catch (error) {
        next(new InputError(`templateRef: ${(error as Error).message}`));
        return;
      }
      next();
    });
  }
  return router;
}
