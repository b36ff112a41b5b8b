/**
 * Argo CD's resource actions on an Argo Rollouts `Rollout`: which are
 * offered (Argo CD's `resource_customizations/argoproj.io/Rollout/actions/
 * discovery.lua`, played in TypeScript and checked against that file's own
 * test data in `__fixtures__/rollout-actions`), and the request bodies of
 * `ListResourceActions` and `RunResourceAction(V2)`.
 */

type Json = Record<string, any>;

/** `v1alpha1.ResourceAction` as `ListResourceActions` returns it. */
export interface ResourceAction {
  name: string;
  disabled: boolean;
}

/** Lua's `tonumber` on a value: numbers, decimal or hex strings; else nil. */
export function luaToNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(text)) return Number.parseInt(text, 16);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return undefined;
}

/**
 * discovery.lua on a live Rollout: `restart` always; `resume` when paused
 * (pause conditions, else `spec.paused`); `abort` unless fully promoted
 * (`currentPodHash == stableRS`) or aborted; `retry` only when aborted and
 * not fully promoted; `promote-full` when not fully promoted (for Rollouts
 * v0.9 and older, canaries only).
 */
export function discoverRolloutActions(rollout: Json): ResourceAction[] {
  const status: Json = rollout.status ?? {};
  const spec: Json = rollout.spec ?? {};
  let paused = false;
  if (rollout.status && status.pauseConditions !== undefined) {
    paused = (status.pauseConditions ?? []).length > 0;
  } else if (spec.paused !== undefined && spec.paused !== null) {
    paused = Boolean(spec.paused);
  }
  const fullyPromoted = status.currentPodHash === status.stableRS;
  const aborted = Boolean(status.abort);
  let promoteFullDisabled = true;
  if (rollout.status && !fullyPromoted) {
    const generation = luaToNumber(status.observedGeneration);
    const observed = rollout.metadata?.generation;
    if (generation === undefined || generation > observed) {
      // Rollouts v0.9: full promotion only for canaries.
      promoteFullDisabled = spec.strategy?.blueGreen !== undefined;
    } else {
      promoteFullDisabled = false;
    }
  }
  return [
    { name: 'restart', disabled: false },
    { name: 'resume', disabled: !paused },
    { name: 'abort', disabled: fullyPromoted || aborted },
    { name: 'retry', disabled: fullyPromoted || !aborted },
    { name: 'promote-full', disabled: promoteFullDisabled },
  ];
}

/** `ApplicationResourceRequest` fields that name the resource. */
export interface ResourceRef {
  namespace: string;
  resourceName: string;
  version: string;
  group: string;
  kind: string;
}

/** Reads a string field of a query or body; empty when absent. */
export function field(source: unknown, key: string): string {
  const value = (source as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

export function resourceRef(source: unknown): ResourceRef {
  return {
    namespace: field(source, 'namespace'),
    resourceName: field(source, 'resourceName'),
    version: field(source, 'version'),
    group: field(source, 'group'),
    kind: field(source, 'kind'),
  };
}

/** Whether a live object is the one a request names. */
export function isResource(object: Json, ref: ResourceRef): boolean {
  const [group, version] = String(object.apiVersion ?? '').includes('/')
    ? String(object.apiVersion).split('/')
    : ['', String(object.apiVersion ?? '')];
  return (
    object.kind === ref.kind &&
    group === ref.group &&
    (!ref.version || version === ref.version) &&
    object.metadata?.name === ref.resourceName &&
    (!ref.namespace || object.metadata?.namespace === ref.namespace)
  );
}
