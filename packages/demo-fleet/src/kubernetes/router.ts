import express from 'express';
import { KubeObject } from './kubeObject';
import { apiVersionOf, resourceTypes, ResourceType } from './resourceTypes';
import {
  matchesLabelSelector,
  parseLabelSelector,
  LabelRequirement,
} from '@internal/plugin-platform-common';
import {
  FieldRequirement,
  matchesFields,
  parseFieldSelector,
} from './fieldSelector';

/** A `Status` object, the shape every Kubernetes API error has. */
function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** What an API server answers for a path or resource it does not serve. */
function notFound(res: express.Response) {
  res
    .status(404)
    .json(
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      ),
    );
}

function findType(
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return resourceTypes.find(
    type =>
      type.group === group &&
      type.version === version &&
      type.resource === resource,
  );
}

/**
 * The Kubernetes REST paths the core Kubernetes plugin and the fleet plugins
 * call: list (cluster-wide or in a namespace, with labelSelector and
 * fieldSelector) and get by
 * name, for the resource types in {@link resourceTypes}. Anything else is a
 * 404 `Status`, as from a real API server without that resource.
 */
export function kubernetesRouter(
  objects: () => KubeObject[],
  cluster: string,
  /** Minor version the API server reports, as in the cluster registry. */
  serverVersion = '1.33',
) {
  const router = express.Router();

  router.get('/version', (_req, res) => {
    const [major, minor] = serverVersion.split('.');
    res.json({
      major,
      minor,
      gitVersion: `v${serverVersion}.4-demo`,
      platform: 'linux/amd64',
    });
  });

  const handle =
    (group: string, version: string) =>
    (req: express.Request, res: express.Response) => {
      const { namespace, resource, name } = req.params as Record<
        string,
        string | undefined
      >;
      const type = findType(group, version, resource!);
      if (!type || (namespace && !type.namespaced)) {
        notFound(res);
        return;
      }
      let requirements: LabelRequirement[] = [];
      const selector = req.query.labelSelector;
      if (typeof selector === 'string' && selector) {
        try {
          requirements = parseLabelSelector(selector);
        } catch (error) {
          res
            .status(400)
            .json(
              status(
                400,
                'BadRequest',
                `unable to parse requirement: ${(error as Error).message}`,
              ),
            );
          return;
        }
      }
      let fields: FieldRequirement[] = [];
      const fieldSelector = req.query.fieldSelector;
      if (typeof fieldSelector === 'string' && fieldSelector) {
        try {
          fields = parseFieldSelector(fieldSelector);
        } catch (error) {
          res
            .status(400)
            .json(status(400, 'BadRequest', (error as Error).message));
          return;
        }
      }
      const apiVersion = apiVersionOf(type);
      const matching = objects().filter(
        kubeObject =>
          kubeObject.apiVersion === apiVersion &&
          kubeObject.kind === type.kind &&
          (!namespace || kubeObject.metadata.namespace === namespace) &&
          matchesLabelSelector(kubeObject.metadata.labels, requirements) &&
          matchesFields(kubeObject, fields),
      );
      if (name) {
        const found = matching.find(
          kubeObject => kubeObject.metadata.name === name,
        );
        if (!found) {
          const what = group ? `${type.resource}.${group}` : type.resource;
          res
            .status(404)
            .json(status(404, 'NotFound', `${what} "${name}" not found`));
          return;
        }
        res.json(found);
        return;
      }
      res.json({
        apiVersion,
        kind: `${type.kind}List`,
        metadata: { resourceVersion: String(Math.floor(Date.now() / 1000)) },
        items: matching,
      });
    };

  router.get('/api/v1/namespaces/:namespace/:resource/:name', handle('', 'v1'));
  router.get('/api/v1/namespaces/:namespace/:resource', handle('', 'v1'));
  // GET /api/v1/namespaces/<name> is one namespace, not a collection.
  router.get('/api/v1/namespaces/:name', (req, res) => {
    (req.params as Record<string, string>).resource = 'namespaces';
    handle('', 'v1')(req, res);
  });
  router.get('/api/v1/:resource', handle('', 'v1'));
  router.get(
    '/apis/:group/:version/namespaces/:namespace/:resource/:name',
    (req, res) => handle(req.params.group, req.params.version)(req, res),
  );
  router.get(
    '/apis/:group/:version/namespaces/:namespace/:resource',
    (req, res) => handle(req.params.group, req.params.version)(req, res),
  );
  router.get('/apis/:group/:version/:resource/:name', (req, res) =>
    handle(req.params.group, req.params.version)(req, res),
  );
  router.get('/apis/:group/:version/:resource', (req, res) =>
    handle(req.params.group, req.params.version)(req, res),
  );
  router.use((req, res) => {
    if (req.method === 'GET') {
      notFound(res);
      return;
    }
    res
      .status(405)
      .json(
        status(
          405,
          'MethodNotAllowed',
          `the demo fleet (${cluster}) is read-only: ${req.method} is not allowed`,
        ),
      );
  });
  return router;
}
