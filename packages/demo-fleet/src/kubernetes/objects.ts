/** Builds every object a cluster serves, in serving order, from the builders per kind. */
import { DemoCluster, DemoService } from '../fleet';
import { ReleaseSource } from '../releases';
import { Scenario } from '../scenario';
import { serviceState, ServiceState, Running } from '../world';
import { autoscalerFor, disruptionBudgetFor } from './autoscaling';
import { backOffEventsFor } from './events';
import { KubeObject } from './kubeObject';
import { meshNamespaceLabels, peerAuthenticationsFor } from './mesh';
import { namespaceObjects } from './namespaces';
import { ingressFor, serviceFor } from './networking';
import { podMetricsFor } from './podMetrics';
import {
  demoExceptions,
  platformPolicies,
  tenantNamespaceLabels,
} from './kyverno';
import { blockedAdmissionEventsFor, policyReportsFor } from './policyReports';
import { workloadFor } from './workloads';
import { rolloutObjectsFor } from './rollouts';
import type { PolicyException } from '@internal/infra-validator';

function serviceObjects(
  seed: string,
  st: ServiceState,
  scenario: Scenario,
  kyverno: { namespace?: KubeObject; exceptions: PolicyException[] },
  now: Date,
): KubeObject[] {
  const { namespace, exceptions } = kyverno;
  // Under violations the running workload carries the debug tools (it was
  // applied before the policies refused them); a newer rollout that adds
  // them again is refused at admission.
  const workload = workloadFor(st, { debugTools: scenario.violations });
  const { deployment, replicaSet, pods } = workload;
  // The Rollout and its ReplicaSets: Kyverno reports on those ReplicaSets
  // like on any other.
  const rollout = rolloutObjectsFor(seed, st, workload, scenario, now);
  const rolloutSets = rollout.filter(object => object.kind === 'ReplicaSet');
  const service = serviceFor(st);
  const capacity = [autoscalerFor(st), disruptionBudgetFor(st)];
  const policies = platformPolicies();
  return [
    deployment,
    replicaSet,
    ...pods,
    ...rollout,
    service,
    ...capacity,
    ingressFor(st),
    ...podMetricsFor(st, workload, now),
    ...backOffEventsFor(st, workload, now),
    ...policyReportsFor(
      policies,
      [deployment, replicaSet, ...rolloutSets, ...pods, service],
      namespace,
      capacity,
      exceptions,
      now,
    ),
    ...blockedAdmissionEventsFor(
      st.cluster,
      policies,
      // Under violations the refused rollout is the one running: with the
      // debug tools.
      { refused: deployment, namespace },
      { context: capacity, exceptions },
      scenario,
      now,
    ),
  ];
}

/** Every object a cluster serves right now. */
export function clusterObjects(
  seed: string,
  cluster: DemoCluster,
  services: DemoService[],
  scenario: Scenario,
  now: Date,
  running?: (service: string) => Running | undefined,
  releases?: ReleaseSource,
): KubeObject[] {
  const namespaces = Object.fromEntries(
    services.map(service => [
      service.namespace,
      {
        ...tenantNamespaceLabels(service.product),
        // The mesh's too for a product the infra repo does not hold (its
        // template's), without making it a Kyverno tenant.
        ...meshNamespaceLabels(service.product),
      },
    ]),
  );
  const namespaceList = namespaceObjects(cluster, namespaces);
  const exceptions = demoExceptions(now);
  // One set per product namespace, however many services it has.
  const mesh = [
    ...new Map(services.map(service => [service.namespace, service.product])),
  ].flatMap(([namespace, product]) =>
    peerAuthenticationsFor(cluster.name, product, namespace),
  );
  return [
    ...namespaceList,
    ...exceptions,
    ...mesh,
    ...services.flatMap(service =>
      serviceObjects(
        seed,
        serviceState(
          seed,
          cluster,
          service,
          scenario,
          now,
          running?.(service.name),
          releases,
        ),
        scenario,
        {
          namespace: namespaceList.find(
            ns => ns.metadata.name === service.namespace,
          ),
          exceptions,
        },
        now,
      ),
    ),
  ];
}
