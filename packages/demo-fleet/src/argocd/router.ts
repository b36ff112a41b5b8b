import crypto from 'node:crypto';
import express from 'express';
import {
  matchesLabelSelector,
  parseLabelSelector,
} from '@internal/plugin-platform-common';
import { KubeObject } from '../kubernetes/kubeObject';
import { ActionOutcome } from '../releases';
import { Application, resourceTree } from './applications';
import { projectFields } from './fields';
import {
  discoverRolloutActions,
  field,
  isResource,
  ResourceRef,
  resourceRef,
} from './resourceActions';

/** RFC 7386 JSON merge patch: objects merge, null deletes, the rest replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** grpc-gateway's error body, which Argo CD's REST API returns. */
function rpcError(code: number, message: string) {
  return { error: message, code, message };
}

export interface ArgoCdAuth {
  username: string;
  password: string;
}

/**
 * The Argo CD REST calls the fleet plugins make: session (username/password →
 * token), application list with `selector`, get, and resource tree. Requests
 * need `Authorization: Bearer <token>` (a session token, or a static API
 * token given to the demo fleet) or the `argocd.token` cookie.
 */
export function argocdRouter(options: {
  applications: () => Application[];
  /** The live objects of the cluster an application is deployed to. */
  objects: (app: Application) => KubeObject[];
  auth: ArgoCdAuth;
  apiTokens: string[];
  /**
   * API tokens whose role may read applications but not change them (an
   * account with `applications, get` only): a PATCH with one is answered
   * 403 PermissionDenied, as Argo CD's RBAC does.
   */
  readOnlyTokens?: string[];
  /** Registers what a fleet reset does here: forget the patches. */
  onReset?: (listener: () => void) => void;
  /**
   * Runs a resource action on an application's live Rollout (what Argo
   * CD's Lua action and the Argo Rollouts controller would do); absent, or
   * `unsupported`, for one the demo does not play.
   */
  rolloutAction?: (
    app: Application,
    rollout: KubeObject,
    action: string,
  ) => ActionOutcome;
}) {
  const router = express.Router();
  const readOnly = new Set<string>(options.readOnlyTokens ?? []);
  const sessions = new Set<string>([...options.apiTokens, ...readOnly]);
  // Patches applied through the API (e.g. auto-sync paused), by app name;
  // the generated applications are re-derived on every call, so they are
  // replayed on top.
  const patches = new Map<string, unknown[]>();
  options.onReset?.(() => patches.clear());
  const applications = () =>
    options
      .applications()
      .map(app =>
        (patches.get(app.metadata.name) ?? []).reduce<Application>(
          (patched, patch) => mergePatch(patched, patch) as Application,
          app,
        ),
      );
  // Not strict: the older RunResourceAction's body is a bare JSON string.
  router.use(express.json({ strict: false }));

  router.post('/api/v1/session', (req, res) => {
    const { username, password } = req.body ?? {};
    if (
      username !== options.auth.username ||
      password !== options.auth.password
    ) {
      res.status(401).json(rpcError(16, 'Invalid username or password'));
      return;
    }
    const token = crypto.randomBytes(24).toString('base64url');
    sessions.add(token);
    res.json({ token });
  });

  // Argo CD serves its version without a session.
  router.get('/api/version', (_req, res) => {
    res.json({ Version: 'v2.14.11+demo', Platform: 'linux/amd64' });
  });

  router.use('/api/v1', (req, res, next) => {
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const cookie = req.headers.cookie?.match(
      /(?:^|;\s*)argocd\.token=([^;]+)/,
    )?.[1];
    const token = bearer ?? cookie;
    if (!token || !sessions.has(token)) {
      res
        .status(401)
        .json(rpcError(16, 'invalid session: token is missing or not valid'));
      return;
    }
    res.locals.readOnly = readOnly.has(token);
    next();
  });

  router.get('/api/v1/applications', (req, res) => {
    let apps = applications();
    const selector = req.query.selector;
    if (typeof selector === 'string' && selector) {
      try {
        const requirements = parseLabelSelector(selector);
        apps = apps.filter(app =>
          matchesLabelSelector(app.metadata.labels, requirements),
        );
      } catch (error) {
        res
          .status(400)
          .json(
            rpcError(3, `error parsing selector: ${(error as Error).message}`),
          );
        return;
      }
    }
    const fields = typeof req.query.fields === 'string' ? req.query.fields : '';
    res.json(
      projectFields(
        {
          metadata: { resourceVersion: String(Math.floor(Date.now() / 1000)) },
          items: apps,
        },
        fields,
      ),
    );
  });

  const byName = (req: express.Request, res: express.Response) => {
    const app = applications().find(
      candidate => candidate.metadata.name === req.params.name,
    );
    if (!app) {
      res
        .status(404)
        .json(
          rpcError(
            5,
            `applications.argoproj.io "${req.params.name}" not found`,
          ),
        );
    }
    return app;
  };

  router.get('/api/v1/applications/:name', (req, res) => {
    const app = byName(req, res);
    if (app) res.json(app);
  });

  /**
   * The application a write names, if the token may do `action` on it:
   * 404 for an unknown one, 403 PermissionDenied for a read-only token.
   */
  const writable = (
    req: express.Request,
    res: express.Response,
    action: string,
  ) => {
    const app = byName(req, res);
    if (!app) return undefined;
    if (res.locals.readOnly) {
      res
        .status(403)
        .json(
          rpcError(
            7,
            `permission denied: applications, ${action}, ${app.spec.project}/${app.metadata.name}, sub: trinity-fleet-reader`,
          ),
        );
      return undefined;
    }
    return app;
  };

  // ApplicationPatchRequest: { name, patch (a JSON string), patchType }.
  router.patch('/api/v1/applications/:name', (req, res) => {
    const app = writable(req, res, 'update');
    if (!app) return;
    const { patch, patchType } = req.body ?? {};
    if (patchType !== 'merge' || typeof patch !== 'string') {
      res
        .status(400)
        .json(
          rpcError(
            3,
            'the demo fleet supports patchType "merge" with a JSON string patch',
          ),
        );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(patch);
    } catch (error) {
      res
        .status(400)
        .json(
          rpcError(3, `error unmarshaling patch: ${(error as Error).message}`),
        );
      return;
    }
    patches.set(app.metadata.name, [
      ...(patches.get(app.metadata.name) ?? []),
      parsed,
    ]);
    res.json(
      applications().find(
        candidate => candidate.metadata.name === app.metadata.name,
      ),
    );
  });

  router.get('/api/v1/applications/:name/resource-tree', (req, res) => {
    const app = byName(req, res);
    if (!app) return;
    const service = app.metadata.labels['app.kubernetes.io/name'];
    const pods = options
      .objects(app)
      .filter(
        kubeObject =>
          kubeObject.kind === 'Pod' &&
          kubeObject.metadata.labels?.['app.kubernetes.io/name'] === service,
      )
      .map(pod => ({
        name: pod.metadata.name,
        uid: pod.metadata.uid ?? pod.metadata.name,
        ready: (
          (pod.status as { containerStatuses?: Array<{ ready: boolean }> })
            ?.containerStatuses ?? []
        ).every(container => container.ready),
      }));
    res.json(resourceTree(app, pods));
  });

  /** The app's live object a resource request names; a 400 when it is none of the app's. */
  const liveResource = (
    app: Application,
    ref: ResourceRef,
    res: express.Response,
  ) => {
    const service = app.metadata.labels['app.kubernetes.io/name'];
    const found = options
      .objects(app)
      .find(
        object =>
          isResource(object, ref) &&
          object.metadata.labels?.['app.kubernetes.io/name'] === service,
      );
    if (!found) {
      res
        .status(400)
        .json(
          rpcError(
            3,
            `${ref.kind} ${ref.group} ${ref.resourceName} not found as part of application ${app.metadata.name}`,
          ),
        );
    }
    return found;
  };

  // ListResourceActions: what discovery.lua offers on the live object.
  router.get('/api/v1/applications/:name/resource/actions', (req, res) => {
    const app = byName(req, res);
    if (!app) return;
    const ref = resourceRef(req.query);
    const live = liveResource(app, ref, res);
    if (!live) return;
    res.json({
      actions:
        live.kind === 'Rollout' && ref.group === 'argoproj.io'
          ? discoverRolloutActions(live)
          : [],
    });
  });

  /**
   * RunResourceAction(V2). Like Argo CD, an action its discovery shows
   * disabled is not refused: its Lua runs, and here it changes nothing
   * (`abort` on a fully promoted Rollout, `retry` on one not aborted).
   */
  const runAction = (
    req: express.Request,
    res: express.Response,
    ref: ResourceRef,
    action: string,
  ) => {
    const app = writable(req, res, `action/${ref.group}/${ref.kind}/${action}`);
    if (!app) return;
    const live = liveResource(app, ref, res);
    if (!live) return;
    const outcome =
      live.kind === 'Rollout' && action
        ? options.rolloutAction?.(app, live, action) ?? 'unsupported'
        : 'unsupported';
    if (outcome === 'unsupported') {
      res
        .status(400)
        .json(
          rpcError(
            3,
            `the demo fleet does not play action "${action}" on ${ref.kind} ${ref.resourceName}`,
          ),
        );
      return;
    }
    // ApplicationResponse: empty.
    res.json({});
  };

  // ResourceActionRunRequestV2: every field in the JSON body.
  router.post('/api/v1/applications/:name/resource/actions/v2', (req, res) =>
    runAction(req, res, resourceRef(req.body), field(req.body, 'action')),
  );

  // The older ResourceActionRunRequest (deprecated in Argo CD): the resource
  // in the query, the action's name as the body (a JSON string).
  router.post('/api/v1/applications/:name/resource/actions', (req, res) =>
    runAction(
      req,
      res,
      resourceRef(req.query),
      typeof req.body === 'string' ? req.body : '',
    ),
  );

  router.use((req, res) => {
    res
      .status(404)
      .json(
        rpcError(5, `the demo fleet does not serve ${req.method} ${req.path}`),
      );
  });
  return router;
}
