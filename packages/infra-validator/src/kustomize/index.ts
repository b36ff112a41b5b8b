/*
 * A renderer for the part of Kustomize the infra repo uses.
 *
 * No `kustomize` binary is available where the validator runs, so this
 * re-implements `kustomize build` for a subset of kustomization fields. The
 * behaviour follows kubernetes-sigs/kustomize v5 (read against the
 * kustomize/v5.8.1 sources: api/internal/target, api/filters/*,
 * api/internal/builtins, api/resmap, kyaml/yaml/merge2 and kyaml/yaml/walk,
 * api/hasher, api/internal/konfig/builtinpluginconsts). Anything outside the
 * supported subset is rejected with a KustomizeError instead of being
 * rendered differently from Kustomize.
 */
export { renderKustomization } from './build';
export { kustomizeHash } from './generators';
export { KustomizeError } from './types';
export type { RenderedObject, RenderOptions } from './types';
