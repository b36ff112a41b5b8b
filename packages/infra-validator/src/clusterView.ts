import { labelsOf, nameOf, namespaceOf } from './load';
import { matchesSelector } from './labelSelector';

type Json = Record<string, any>;

/** An object as a cluster would hold it: with its namespace and its source. */
export interface Placed {
  object: Json;
  /** Source file, relative to the repo root. */
  file: string;
  index: number;
}

/** A pod template of a workload (Deployment, DaemonSet, Rollout, …). */
export interface PodTemplate {
  owner: Placed;
  namespace: string | undefined;
  labels: Record<string, string>;
  /** The pod template and its JSON pointer in the owner. */
  template: Json;
  pointer: string;
  ports: Array<{ name?: string; containerPort: number; protocol: string }>;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: string;
}

/** Where a kind keeps its pod template. */
const templatePointer = (kind: unknown): string | undefined => {
  switch (kind) {
    case 'Pod':
      return '';
    case 'CronJob':
      return '/spec/jobTemplate/spec/template';
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'Rollout':
      return '/spec/template';
    default:
      return undefined;
  }
};

const at = (o: Json, pointer: string): Json | undefined =>
  pointer
    .split('/')
    .slice(1)
    .reduce<Json | undefined>((x, key) => x?.[key], o);

/**
 * What the objects of the repo put on a cluster, indexed for the
 * cross-checks: pod templates with their container ports, Services with
 * their ports, by namespace. Rendered overlays repeat a base once per
 * cluster; lookups do not mind, and problems are reported once per file.
 */
export class ClusterView {
  readonly pods: PodTemplate[];
  readonly services: Placed[];
  /** Namespaces labelled `trinity.io/tenant: "true"` (default-deny by Kyverno). */
  readonly tenantNamespaces: Set<string>;

  constructor(readonly objects: Placed[]) {
    this.pods = objects.flatMap(p => {
      const pointer = templatePointer(p.object.kind);
      const template =
        pointer === undefined ? undefined : at(p.object, pointer);
      if (pointer === undefined || !template) return [];
      const spec = (template.spec ?? {}) as Json;
      const containers = [
        ...((spec.containers ?? []) as Json[]),
        ...((spec.initContainers ?? []) as Json[]),
      ];
      return [
        {
          owner: p,
          namespace: namespaceOf(p.object),
          labels: labelsOf(template),
          template,
          pointer,
          ports: containers.flatMap(c =>
            ((c.ports ?? []) as Json[]).map(port => ({
              name: port.name,
              containerPort: Number(port.containerPort),
              protocol: port.protocol ?? 'TCP',
            })),
          ),
        },
      ];
    });
    this.services = objects.filter(p => p.object.kind === 'Service');
    this.tenantNamespaces = new Set(
      objects
        .filter(
          p =>
            p.object.kind === 'Namespace' &&
            labelsOf(p.object)['trinity.io/tenant'] === 'true',
        )
        .map(p => nameOf(p.object)!),
    );
  }

  ofKind(kind: string): Placed[] {
    return this.objects.filter(p => p.object.kind === kind);
  }

  /** The products' tenant Namespaces: those of `infra/tenants/<product>/`. */
  productTenants(): Placed[] {
    return this.ofKind('Namespace').filter(
      n =>
        /^infra\/tenants\/[^/]+\//.test(n.file) &&
        labelsOf(n.object)['trinity.io/tenant'] === 'true',
    );
  }

  /** Pod templates in `namespace` that a label selector picks. */
  podsSelected(namespace: string | undefined, selector: Json | undefined) {
    return this.pods.filter(
      p => p.namespace === namespace && matchesSelector(selector, p.labels),
    );
  }

  /** Pod templates a Service sends traffic to (its selector, as matchLabels). */
  podsOfService(service: Json): PodTemplate[] {
    const selector = service.spec?.selector;
    if (!selector || !Object.keys(selector).length) return [];
    return this.podsSelected(namespaceOf(service), { matchLabels: selector });
  }

  servicesIn(namespace: string | undefined): Placed[] {
    return this.services.filter(s => namespaceOf(s.object) === namespace);
  }

  findService(name: string, namespace: string | undefined) {
    return this.servicesIn(namespace).find(s => nameOf(s.object) === name);
  }
}

export function servicePorts(service: Json): ServicePort[] {
  return ((service.spec?.ports ?? []) as Json[]).map(p => ({
    name: p.name,
    port: Number(p.port),
    targetPort: p.targetPort ?? Number(p.port),
    protocol: p.protocol ?? 'TCP',
  }));
}

/** Whether a pod declares a port, given by number or by name. */
export function declaresPort(
  pod: PodTemplate,
  port: number | string,
  protocol = 'TCP',
): boolean {
  return pod.ports.some(
    p =>
      p.protocol === protocol &&
      (typeof port === 'number' ? p.containerPort === port : p.name === port),
  );
}

/**
 * The container port numbers a Service port reaches: its targetPort, or the
 * number its pods give a named targetPort. Empty when a name cannot be
 * resolved in the repo (the pods come from a chart).
 */
export function targetNumbers(
  view: ClusterView,
  service: Json,
  port: ServicePort,
): number[] {
  if (typeof port.targetPort === 'number') return [port.targetPort];
  if (/^\d+$/.test(port.targetPort)) return [Number(port.targetPort)];
  return view
    .podsOfService(service)
    .flatMap(p => p.ports.filter(c => c.name === port.targetPort))
    .map(c => c.containerPort);
}

export const describePorts = (pods: PodTemplate[]) =>
  pods
    .map(
      p =>
        `${nameOf(p.owner.object)}: ${
          p.ports
            .map(c =>
              c.name ? `${c.name} ${c.containerPort}` : c.containerPort,
            )
            .join(', ') || 'no ports'
        }`,
    )
    .filter((line, i, all) => all.indexOf(line) === i)
    .join('; ');
