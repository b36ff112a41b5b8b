/*
 * The labels, commonLabels and commonAnnotations transformers and their
 * field specs.
 */
import { Accumulator } from './accumulator';
import { applyFieldSpec, FieldSpec, fs_, mapSetter } from './fieldspec';
import { gvkSelected } from './identity';
import { Kustomization } from './kustomization';

// builtinpluginconsts/metadatalabels.go
const METADATA_LABEL_SPECS: FieldSpec[] = [
  fs_('metadata/labels', true),
  fs_('spec/template/metadata/labels', true, {
    version: 'v1',
    kind: 'ReplicationController',
  }),
  fs_('spec/template/metadata/labels', true, { kind: 'Deployment' }),
  fs_('spec/template/metadata/labels', true, { kind: 'ReplicaSet' }),
  fs_('spec/template/metadata/labels', true, { kind: 'DaemonSet' }),
  fs_('spec/template/metadata/labels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  fs_('spec/volumeClaimTemplates[]/metadata/labels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  fs_('spec/template/metadata/labels', true, { group: 'batch', kind: 'Job' }),
  fs_('spec/jobTemplate/metadata/labels', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/jobTemplate/spec/template/metadata/labels', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
];

const AFFINITY_SELECTORS = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

// builtinpluginconsts/commonlabels.go (selectors, then the metadata specs)
const COMMON_LABEL_SPECS: FieldSpec[] = [
  fs_('spec/selector', true, { version: 'v1', kind: 'Service' }),
  fs_('spec/selector', true, { version: 'v1', kind: 'ReplicationController' }),
  fs_('spec/selector/matchLabels', true, { kind: 'Deployment' }),
  ...AFFINITY_SELECTORS.map(p =>
    fs_(p, false, { group: 'apps', kind: 'Deployment' }),
  ),
  fs_('spec/selector/matchLabels', true, { kind: 'ReplicaSet' }),
  fs_('spec/selector/matchLabels', true, { kind: 'DaemonSet' }),
  fs_('spec/selector/matchLabels', true, {
    group: 'apps',
    kind: 'StatefulSet',
  }),
  ...AFFINITY_SELECTORS.map(p =>
    fs_(p, false, { group: 'apps', kind: 'StatefulSet' }),
  ),
  fs_('spec/selector/matchLabels', false, { group: 'batch', kind: 'Job' }),
  fs_('spec/jobTemplate/spec/selector/matchLabels', false, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/selector/matchLabels', false, {
    group: 'policy',
    kind: 'PodDisruptionBudget',
  }),
  fs_('spec/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  fs_('spec/ingress/from/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  fs_('spec/egress/to/podSelector/matchLabels', false, {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
  }),
  ...METADATA_LABEL_SPECS,
];

// builtinpluginconsts/commonannotations.go
const COMMON_ANNOTATION_SPECS: FieldSpec[] = [
  fs_('metadata/annotations', true),
  fs_('spec/template/metadata/annotations', true, {
    version: 'v1',
    kind: 'ReplicationController',
  }),
  fs_('spec/template/metadata/annotations', true, { kind: 'Deployment' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'ReplicaSet' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'DaemonSet' }),
  fs_('spec/template/metadata/annotations', true, { kind: 'StatefulSet' }),
  fs_('spec/template/metadata/annotations', true, {
    group: 'batch',
    kind: 'Job',
  }),
  fs_('spec/jobTemplate/metadata/annotations', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
  fs_('spec/jobTemplate/spec/template/metadata/annotations', true, {
    group: 'batch',
    kind: 'CronJob',
  }),
];

function mergeSpecs(...lists: FieldSpec[][]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const s of lists.flat()) {
    const dup = out.some(
      x =>
        x.path === s.path &&
        gvkSelected(
          {
            group: x.group ?? '',
            version: x.version ?? '',
            kind: x.kind ?? '',
          },
          s,
        ),
    );
    if (!dup) out.push(s);
  }
  return out;
}

function applyMap(
  ra: Accumulator,
  entries: Record<string, string> | undefined,
  specs: FieldSpec[],
) {
  if (!entries || Object.keys(entries).length === 0) return;
  for (const r of ra.list) {
    for (const spec of specs)
      applyFieldSpec(r.obj, spec, mapSetter(entries), 'map');
  }
}

export function transformLabels(ra: Accumulator, k: Kustomization) {
  for (const label of k.labels ?? []) {
    let specs: FieldSpec[];
    if (label.includeSelectors) specs = mergeSpecs(COMMON_LABEL_SPECS);
    else if (label.includeTemplates) {
      specs = mergeSpecs(METADATA_LABEL_SPECS, [fs_('metadata/labels', true)]);
    } else specs = [fs_('metadata/labels', true)];
    applyMap(ra, label.pairs, specs);
  }
  applyMap(ra, k.commonLabels, COMMON_LABEL_SPECS);
}

export function transformAnnotations(
  ra: Accumulator,
  annotations: Record<string, string> | undefined,
) {
  applyMap(ra, annotations, COMMON_ANNOTATION_SPECS);
}
