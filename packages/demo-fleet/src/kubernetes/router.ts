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
import { status, WatchCache, WatchOptions } from './watch';

/** An error answer: its HTTP status and the `Status` object that says it. */
function answerStatus(
  res: express.Response,
  ...[code, reason, message, details]: Parameters<typeof status>
) {
  res.status(code).json(status(code, reason, message, details));
}

/** What an API server answers for a path or resource it does not serve. */
function notFound(res: express.Response) {
  answerStatus(
    res,
    404,
    'NotFound',
    'the server could not find the requested resource',
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

/** The metrics API's types: computed per request, never stored nor watched. */
const unwatchable = (type: ResourceType) => type.group === 'metrics.k8s.io';

const watchableObject = (object: KubeObject) =>
  !object.apiVersion.startsWith('metrics.k8s.io/');

/** The router, and a handle on its open watches. */
export type KubernetesRouter = express.Router & {
  /** Ends every open watch: `destroy` resets connections, `end` ends cleanly. */
  closeWatches(how?: 'end' | 'destroy'): void;
  /** How many watches are open. */
  openWatches(): number;
};

/**
 * The Kubernetes REST paths the core Kubernetes plugin and the fleet plugins
 * call: list (cluster-wide or in a namespace, with labelSelector and
 * fieldSelector), get by name and watch (`?watch=1`, `./watch.ts`), for the
 * resource types in {@link resourceTypes}. Every stored object carries the
 * resourceVersion of its last change, a list the cluster's current one.
 * Anything else is a 404 `Status`, as from a real API server without that
 * resource.
 */
export function kubernetesRouter(
  objects: () => KubeObject[],
  cluster: string,
  /** Minor version the API server reports, as in the cluster registry. */
  serverVersion = '1.33',
  watchOptions: WatchOptions = {},
): KubernetesRouter {
  const router = express.Router();
  const cache = new WatchCache(objects, watchableObject, watchOptions);

  router.get('/version', (_req, res) => {
    const [major, minor] = serverVersion.split('.');
    res.json({
      major,
      minor,
      gitVersion: `v${serverVersion}.4-demo`,
      platform: 'linux/amd64',
    });
  });

  const watchCollection = (
    req: express.Request,
    res: express.Response,
    type: ResourceType,
    matches: (object: KubeObject) => boolean,
  ) => {
    const qualified = type.group
      ? `${type.resource}.${type.group}`
      : type.resource;
    if (unwatchable(type)) {
      // metrics-server serves get and list only: the API server answers a
      // watch with 405 (apimachinery's NewMethodNotSupported).
      answerStatus(
        res,
        405,
        'MethodNotAllowed',
        `watch is not supported on resources of kind "${qualified}"`,
        { group: type.group, kind: type.resource },
      );
      return;
    }
    const { resourceVersion, timeoutSeconds, allowWatchBookmarks } = req.query;
    const version =
      typeof resourceVersion === 'string' ? resourceVersion : undefined;
    if (version && !/^\d+$/.test(version)) {
      answerStatus(
        res,
        400,
        'BadRequest',
        `invalid resource version: ${JSON.stringify(version)}`,
      );
      return;
    }
    let timeout: number | undefined;
    if (typeof timeoutSeconds === 'string' && timeoutSeconds) {
      timeout = Number(timeoutSeconds);
      if (!Number.isInteger(timeout) || timeout < 0) {
        answerStatus(
          res,
          400,
          'BadRequest',
          `invalid timeoutSeconds: ${JSON.stringify(timeoutSeconds)}`,
        );
        return;
      }
      if (timeout === 0) timeout = undefined;
    }
    cache.watch(
      {
        matches,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
        resourceVersion: version,
        allowBookmarks: allowWatchBookmarks === 'true',
        timeoutSeconds: timeout,
      },
      res,
    );
  };

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
          answerStatus(
            res,
            400,
            'BadRequest',
            `unable to parse requirement: ${(error as Error).message}`,
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
          answerStatus(res, 400, 'BadRequest', (error as Error).message);
          return;
        }
      }
      const apiVersion = apiVersionOf(type);
      const matches = (kubeObject: KubeObject) =>
        kubeObject.apiVersion === apiVersion &&
        kubeObject.kind === type.kind &&
        (!namespace || kubeObject.metadata.namespace === namespace) &&
        matchesLabelSelector(kubeObject.metadata.labels, requirements) &&
        matchesFields(kubeObject, fields);
      const watch = req.query.watch;
      if (!name && (watch === '1' || watch === 'true')) {
        watchCollection(req, res, type, matches);
        return;
      }
      const matching = cache.sync().filter(matches);
      if (name) {
        const found = matching.find(
          kubeObject => kubeObject.metadata.name === name,
        );
        if (!found) {
          const what = group ? `${type.resource}.${group}` : type.resource;
          answerStatus(res, 404, 'NotFound', `${what} "${name}" not found`);
          return;
        }
        res.json(found);
        return;
      }
      res.json({
        apiVersion,
        kind: `${type.kind}List`,
        metadata: { resourceVersion: String(cache.current) },
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
    answerStatus(
      res,
      405,
      'MethodNotAllowed',
      `the demo fleet (${cluster}) is read-only: ${req.method} is not allowed`,
    );
  });
  return Object.assign(router, {
    closeWatches: (how: 'end' | 'destroy' = 'end') => cache.close(how),
    openWatches: () => cache.open,
  });
}
