import { ClusterView, Placed } from './clusterView';
import { nameOf, namespaceOf, where } from './load';
import { Problems } from './problems';
import { PrometheusServiceLevel } from '@internal/sloth-rules';
import { analysisQueryProblems, sloSeriesOf } from './analysisQuery';

type Json = Record<string, any>;

/** An analysis reference of a Rollout: the step (or background analysis) and its args. */
interface AnalysisRef {
  pointer: string;
  templateName: string;
  clusterScope: boolean;
  args: Record<string, string | undefined>;
}

function analysisRefs(rollout: Json): AnalysisRef[] {
  const canary = (rollout.spec?.strategy?.canary ?? {}) as Json;
  const refsOf = (analysis: Json | undefined, pointer: string) => {
    const args = Object.fromEntries(
      ((analysis?.args ?? []) as Json[]).map(a => [a.name, a.value]),
    );
    return ((analysis?.templates ?? []) as Json[]).map((t, i) => ({
      pointer: `${pointer}/templates/${i}`,
      templateName: String(t.templateName),
      clusterScope: t.clusterScope === true,
      args,
    }));
  };
  return [
    ...refsOf(canary.analysis, '/spec/strategy/canary/analysis'),
    ...((canary.steps ?? []) as Json[]).flatMap((step, i) =>
      step.analysis
        ? refsOf(step.analysis, `/spec/strategy/canary/steps/${i}/analysis`)
        : [],
    ),
  ];
}

/**
 * Where, if anywhere, the canary reaches full weight before an analysis
 * step has judged it: a `setWeight: 100` (or the end of the steps, after
 * which Argo Rollouts sends everything to the new version) with no
 * `analysis` step after the first partial weight.
 */
function fullWeightUnjudged(steps: Json[]): string | undefined {
  let partial = false;
  let judged = false;
  for (const [i, step] of steps.entries()) {
    if (typeof step.setWeight === 'number') {
      if (step.setWeight >= 100) {
        return judged ? undefined : `step ${i} (setWeight: 100)`;
      }
      if (step.setWeight > 0) partial = true;
    }
    if (step.analysis && partial) judged = true;
  }
  return judged ? undefined : 'the end of the steps (full weight)';
}

/** The Sloth series each PrometheusServiceLevel of a namespace records. */
const sloSeries = (view: ClusterView, namespace: string | undefined) =>
  view
    .ofKind('PrometheusServiceLevel')
    .filter(p => namespaceOf(p.object) === namespace)
    .map(p => sloSeriesOf(p.object as unknown as PrometheusServiceLevel));

/** A template's arguments, with their default values (undefined: none). */
const templateDefaults = (template: Json): Record<string, string | undefined> =>
  Object.fromEntries(
    ((template.spec?.args ?? []) as Json[]).map(a => [a.name, a.value]),
  );

/**
 * A Rollout ships through canary steps judged by the service's SLOs:
 * it has canary steps, an analysis step before full weight, and every
 * analysis it names is an AnalysisTemplate of its namespace given every
 * argument it needs. Each such template's Prometheus queries are PromQL
 * naming Sloth series this namespace's SLOs record, for the service the
 * Rollout passes, and each metric can fail (`failureCondition`), so a
 * burning canary is aborted. A workloadRef names a Deployment of the
 * namespace when the repo holds the namespace's workloads.
 */
export function checkRollouts(view: ClusterView, problems: Problems) {
  const templates = view.ofKind('AnalysisTemplate');
  // By namespace and name: rendered overlays hold a copy per cluster.
  const used = new Set<string>();
  const key = (t: Placed) => `${namespaceOf(t.object)}/${nameOf(t.object)}`;
  for (const rollout of view.ofKind('Rollout')) {
    const namespace = namespaceOf(rollout.object);
    const name = nameOf(rollout.object);
    const canary = rollout.object.spec?.strategy?.canary as Json | undefined;
    const steps = (canary?.steps ?? []) as Json[];
    if (!steps.length) {
      problems.add(
        rollout.file,
        where(rollout, '/spec/strategy'),
        `Rollout ${name} has no canary steps: a new version would reach every pod at once`,
      );
    } else {
      const unjudged = fullWeightUnjudged(steps);
      if (unjudged)
        problems.add(
          rollout.file,
          where(rollout, '/spec/strategy/canary/steps'),
          `Rollout ${name} reaches ${unjudged} with no analysis step after its first partial weight: the canary is never judged`,
        );
    }
    for (const ref of analysisRefs(rollout.object)) {
      const template = templates.find(
        t =>
          namespaceOf(t.object) === namespace &&
          nameOf(t.object) === ref.templateName,
      );
      if (ref.clusterScope || !template) {
        problems.add(
          rollout.file,
          where(rollout, ref.pointer),
          `Rollout ${name} names AnalysisTemplate ${ref.templateName}${
            ref.clusterScope ? ' (cluster scope)' : ''
          }, which is not in namespace ${namespace ?? '(none)'}`,
        );
        continue;
      }
      used.add(key(template));
      const args = { ...templateDefaults(template.object), ...ref.args };
      const missing = Object.keys(templateDefaults(template.object)).filter(
        arg => args[arg] === undefined,
      );
      if (missing.length) {
        problems.add(
          rollout.file,
          where(rollout, ref.pointer),
          `Rollout ${name} gives AnalysisTemplate ${
            ref.templateName
          } no value for ${missing.join(', ')}`,
        );
        continue;
      }
      checkTemplate(view, template, args, problems);
    }
    checkWorkloadRef(view, rollout, problems);
  }
  // Templates no Rollout uses: still PromQL, with their own defaults.
  for (const template of templates.filter(t => !used.has(key(t))))
    checkTemplate(view, template, templateDefaults(template.object), problems);
}

function checkTemplate(
  view: ClusterView,
  template: Placed,
  args: Record<string, string | undefined>,
  problems: Problems,
) {
  const name = nameOf(template.object);
  const series = sloSeries(view, namespaceOf(template.object));
  ((template.object.spec?.metrics ?? []) as Json[]).forEach((metric, i) => {
    const prometheus = metric.provider?.prometheus as Json | undefined;
    if (!prometheus) return;
    const at = where(template, `/spec/metrics/${i}`);
    if (!metric.failureCondition) {
      problems.add(
        template.file,
        at,
        `AnalysisTemplate ${name} metric ${metric.name} has no failureCondition: a burning canary would never fail it`,
      );
    }
    const query = String(prometheus.query ?? '').replace(
      /\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\}/g,
      (_, arg: string) => args[arg] ?? `{{args.${arg}}}`,
    );
    for (const reason of analysisQueryProblems(query, series))
      problems.add(
        template.file,
        `${at}/provider/prometheus/query`,
        `AnalysisTemplate ${name} metric ${metric.name}: ${reason}`,
      );
  });
}

function checkWorkloadRef(
  view: ClusterView,
  rollout: Placed,
  problems: Problems,
) {
  const ref = rollout.object.spec?.workloadRef as Json | undefined;
  if (!ref) return;
  const namespace = namespaceOf(rollout.object);
  // The pods come from the product repo: judged only when the repo holds them.
  if (!view.pods.some(p => p.namespace === namespace)) return;
  const found = view
    .ofKind(String(ref.kind))
    .some(
      w => namespaceOf(w.object) === namespace && nameOf(w.object) === ref.name,
    );
  if (!found)
    problems.add(
      rollout.file,
      where(rollout, '/spec/workloadRef'),
      `Rollout ${nameOf(rollout.object)} takes its pods from ${ref.kind} ${
        ref.name
      }, which namespace ${namespace} does not have`,
    );
}
