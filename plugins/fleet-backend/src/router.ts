import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import { FleetReads } from './services/FleetReads';
import { FleetService } from './services/FleetService';

/**
 * The fleet API, from its OpenAPI spec: the spec rejects malformed paths
 * before a handler runs. Every read is the caller's own (FleetReads, shared
 * with the actions agents call).
 */
export async function createRouter(options: {
  fleet: FleetService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** How long a user's entity read and permission decision are reused. */
  accessTtlMs?: number;
  /** The reads to serve; made from the options above when not given. */
  reads?: FleetReads;
}) {
  const { httpAuth } = options;
  const router = await createOpenApiRouter();
  const reads = options.reads ?? new FleetReads(options);

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    // Users, and other plugins service to service (the traffic backend's
    // safety checks read the fleet view of a product).
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    res.json(await reads.entity(entityRef, credentials));
  });

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await reads.overview(credentials, req.query));
  });

  router.get('/clusters/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await reads.cluster(req.params.name, credentials));
  });

  return router;
}
