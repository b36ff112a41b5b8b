import {
  ClusterView,
  declaresPort,
  describePorts,
  Placed,
  PodTemplate,
  servicePorts,
  targetNumbers,
} from './clusterView';
import { nameOf, namespaceOf, where } from './load';
import { matchesSelector } from './labelSelector';
import { egressAllowed, ingressAllowed } from './networkPolicies';
import { Problems } from './problems';
import { addressProblem, resolveServiceAddress } from './serviceAddress';
import { Collector, exportersOf, receiverTls } from './collectors';

type Json = Record<string, any>;

/** Where Prometheus runs (kube-prometheus-stack's destination namespace). */
export const PROMETHEUS_NAMESPACE = 'monitoring';

/** The OpenTelemetry SDKs' endpoint variables (OTLP exporter specification). */
const OTLP_ENDPOINT = /^OTEL_EXPORTER_OTLP(_(TRACES|METRICS|LOGS))?_ENDPOINT$/;

const label = (p: Placed) => `${p.object.kind} ${nameOf(p.object)}`;

/** The namespaces a monitor looks in: its namespaceSelector, or its own. */
function monitoredNamespaces(
  monitor: Placed,
): (ns: string | undefined) => boolean {
  const selector = (monitor.object.spec?.namespaceSelector ?? {}) as Json;
  if (selector.any) return () => true;
  const names = (selector.matchNames ?? []) as string[];
  if (names.length) return ns => names.includes(ns ?? '');
  return ns => ns === namespaceOf(monitor.object);
}

/**
 * Prometheus only scrapes what its network may reach: in a tenant
 * namespace (default-deny), a policy must admit the Prometheus namespace
 * on the scraped container port.
 */
function checkScrapeAllowed(
  view: ClusterView,
  monitor: Placed,
  pointer: string,
  pods: PodTemplate[],
  port: number | string,
  problems: Problems,
) {
  for (const pod of pods) {
    if (!view.tenantNamespaces.has(pod.namespace ?? '')) continue;
    const numbers = pod.ports
      .filter(c =>
        typeof port === 'number' ? c.containerPort === port : c.name === port,
      )
      .map(c => c.containerPort);
    for (const n of numbers) {
      if (!ingressAllowed(view, pod, PROMETHEUS_NAMESPACE, n)) {
        problems.add(
          monitor.file,
          where(monitor, pointer),
          `${label(monitor)} scrapes port ${n} of ${nameOf(
            pod.owner.object,
          )}, but no NetworkPolicy in ${
            pod.namespace
          } admits the ${PROMETHEUS_NAMESPACE} namespace there: the tenant's default deny drops the scrape`,
        );
      }
    }
  }
}

/**
 * Every ServiceMonitor selects a Service of the repo that has the port it
 * scrapes, and that port reaches a port the Service's pods declare; every
 * PodMonitor selects pods that declare the port it scrapes.
 */
export function checkMonitors(view: ClusterView, problems: Problems) {
  for (const monitor of view.ofKind('ServiceMonitor')) {
    const spec = (monitor.object.spec ?? {}) as Json;
    const inScope = monitoredNamespaces(monitor);
    const services = view.services.filter(
      s =>
        inScope(namespaceOf(s.object)) &&
        matchesSelector(
          spec.selector,
          (s.object.metadata?.labels ?? {}) as any,
        ),
    );
    if (!services.length) {
      problems.add(
        monitor.file,
        where(monitor, '/spec/selector'),
        `${label(
          monitor,
        )} selects no Service in the repo (selector ${JSON.stringify(
          spec.selector ?? {},
        )})`,
      );
      continue;
    }
    ((spec.endpoints ?? []) as Json[]).forEach((endpoint, i) => {
      const pointer = `/spec/endpoints/${i}`;
      for (const s of services) {
        const ports = servicePorts(s.object);
        const port = ports.find(p => p.name === endpoint.port);
        if (endpoint.port !== undefined && !port) {
          problems.add(
            monitor.file,
            where(monitor, `${pointer}/port`),
            `${label(monitor)} scrapes port "${
              endpoint.port
            }", which Service ${nameOf(s.object)} does not have (its ports: ${
              ports.map(p => p.name ?? p.port).join(', ') || 'none'
            })`,
          );
          continue;
        }
        const target = port?.targetPort ?? endpoint.targetPort;
        const pods = view.podsOfService(s.object);
        if (target === undefined || !pods.length) continue;
        const wanted =
          typeof target === 'string' && /^\d+$/.test(target)
            ? Number(target)
            : target;
        const serving = pods.filter(p => declaresPort(p, wanted));
        if (!serving.length) {
          problems.add(
            monitor.file,
            where(monitor, pointer),
            `${label(monitor)} scrapes Service ${nameOf(
              s.object,
            )} on ${JSON.stringify(
              endpoint.port ?? endpoint.targetPort,
            )}, which sends to container port ${JSON.stringify(
              wanted,
            )}: no pod of the Service declares it (${describePorts(pods)})`,
          );
          continue;
        }
        checkScrapeAllowed(view, monitor, pointer, serving, wanted, problems);
      }
    });
  }

  for (const monitor of view.ofKind('PodMonitor')) {
    const spec = (monitor.object.spec ?? {}) as Json;
    const inScope = monitoredNamespaces(monitor);
    const pods = view.pods.filter(
      p => inScope(p.namespace) && matchesSelector(spec.selector, p.labels),
    );
    if (!pods.length) {
      problems.add(
        monitor.file,
        where(monitor, '/spec/selector'),
        `${label(
          monitor,
        )} selects no pod in the repo (selector ${JSON.stringify(
          spec.selector ?? {},
        )})`,
      );
      continue;
    }
    ((spec.podMetricsEndpoints ?? []) as Json[]).forEach((endpoint, i) => {
      const port: number | string | undefined =
        endpoint.port ?? endpoint.portNumber;
      if (port === undefined) return;
      const serving = pods.filter(p => declaresPort(p, port));
      if (!serving.length) {
        problems.add(
          monitor.file,
          where(monitor, `/spec/podMetricsEndpoints/${i}`),
          `${label(monitor)} scrapes port ${JSON.stringify(
            port,
          )}, which no pod it selects declares (${describePorts(pods)})`,
        );
      } else {
        checkScrapeAllowed(
          view,
          monitor,
          `/spec/podMetricsEndpoints/${i}`,
          serving,
          port,
          problems,
        );
      }
    });
  }
}

interface Endpoint {
  at: Placed;
  pointer: string;
  value: string;
  namespace: string | undefined;
}

/** Every OTLP endpoint set in a ConfigMap or a container's environment. */
function otlpEndpoints(view: ClusterView): Endpoint[] {
  const out: Endpoint[] = [];
  for (const p of view.objects) {
    const namespace = namespaceOf(p.object);
    if (p.object.kind === 'ConfigMap') {
      for (const [key, value] of Object.entries(
        (p.object.data ?? {}) as Json,
      )) {
        if (OTLP_ENDPOINT.test(key))
          out.push({
            at: p,
            pointer: `/data/${key}`,
            value: String(value),
            namespace,
          });
      }
    }
  }
  for (const pod of view.pods) {
    for (const key of ['containers', 'initContainers']) {
      ((pod.template.spec?.[key] ?? []) as Json[]).forEach((c, i) =>
        ((c.env ?? []) as Json[]).forEach((env, j) => {
          if (OTLP_ENDPOINT.test(env.name) && typeof env.value === 'string') {
            out.push({
              at: pod.owner,
              pointer: `${pod.pointer}/spec/${key}/${i}/env/${j}/value`,
              value: env.value,
              namespace: pod.namespace,
            });
          }
        }),
      );
    }
  }
  return out;
}

/**
 * The annotation by which a LoadBalancer Service of the repo says which
 * public hostname the platform points at its address (the management
 * cluster's OTLP gateway: no external-dns there, the record is made by
 * hand, docs/infra.md).
 */
export const PUBLIC_HOSTNAME = 'trinity.io/public-hostname';

/** The LoadBalancer Service published under a hostname, if any. */
function publicService(view: ClusterView, hostname: string) {
  return view.services.find(
    s =>
      s.object.spec?.type === 'LoadBalancer' &&
      s.object.metadata?.annotations?.[PUBLIC_HOSTNAME] === hostname,
  );
}

/**
 * A collector's exporter reaches a Service of the repo: in-cluster by its
 * name, or across clusters by the public hostname of a LoadBalancer Service
 * with that port. Across clusters TLS must agree end to end: the exporter
 * does not turn it off (`tls.insecure`), and the collector behind the
 * Service (the Helm release its selector names) serves TLS on that port.
 */
function checkCollectorExporters(
  view: ClusterView,
  collectors: Collector[],
  problems: Problems,
) {
  for (const e of collectors.flatMap(exportersOf)) {
    const { collector } = e;
    const exporter = `${collector.name}: collector exporter ${e.name} (${e.endpoint})`;
    const report = (reason: string) =>
      problems.add(collector.file, collector.where, `${exporter} ${reason}`);
    const resolved = resolveServiceAddress(
      view,
      e.endpoint,
      collector.namespace,
    );
    if (resolved.kind !== 'outside') {
      const reason = addressProblem(view, e.endpoint, collector.namespace);
      if (reason) report(reason);
      continue;
    }
    const url = new URL(
      e.endpoint.includes('://') ? e.endpoint : `tcp://${e.endpoint}`,
    );
    const service = publicService(view, url.hostname);
    if (!service) {
      report(
        `names no Service of the repo: neither <service>.<namespace>.svc:<port> nor the ${PUBLIC_HOSTNAME} of a LoadBalancer Service`,
      );
      continue;
    }
    const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
    const ports = servicePorts(service.object);
    if (!ports.some(p => p.port === port)) {
      report(
        `reaches Service ${nameOf(service.object)} (${
          service.file
        }), which has no port ${port} (its ports: ${ports
          .map(p => p.port)
          .join(', ')})`,
      );
      continue;
    }
    if (e.insecure || url.protocol === 'http:') {
      report(
        'sends in plaintext (tls.insecure or http://) to a public hostname',
      );
      continue;
    }
    const instance =
      service.object.spec?.selector?.['app.kubernetes.io/instance'];
    const behind = collectors.find(
      c =>
        c.releaseName === instance &&
        c.namespace === (namespaceOf(service.object) ?? c.namespace),
    );
    if (behind && !receiverTls(behind, port)) {
      report(
        `uses TLS, but the collector behind Service ${nameOf(
          service.object,
        )} (${
          behind.name
        }, release ${instance}) serves no TLS on ${port} (receivers.otlp.protocols.${
          port === 4317 ? 'grpc' : 'http'
        }.tls)`,
      );
    }
  }
}

/**
 * An OTLP endpoint is a Service of the repo, `<name>.<namespace>.svc:<port>`
 * (or a shorter in-cluster form), with that port; from a tenant namespace,
 * the tenant's NetworkPolicies let the pods reach the port it sends to.
 * The collectors' own exporters (the clusters' agents to the management
 * cluster's gateway, the gateway to Tempo and Thanos) are checked the same
 * way, through the public hostname when they leave their cluster.
 */
export function checkOtlpEndpoints(
  view: ClusterView,
  problems: Problems,
  collectors: Collector[] = [],
) {
  checkCollectorExporters(view, collectors, problems);
  for (const e of otlpEndpoints(view)) {
    const at = where(e.at, e.pointer);
    const resolved = resolveServiceAddress(view, e.value, e.namespace);
    if (resolved.kind === 'not-url') {
      problems.add(
        e.at.file,
        at,
        `OTLP endpoint ${JSON.stringify(e.value)} is not a URL`,
      );
      continue;
    }
    if (resolved.kind === 'outside') {
      problems.add(
        e.at.file,
        at,
        `OTLP endpoint ${e.value} names no Service: it must be the cluster's collector, <service>.<namespace>.svc:<port>`,
      );
      continue;
    }
    if (resolved.kind === 'unknown-service') {
      problems.add(
        e.at.file,
        at,
        `OTLP endpoint ${e.value} names Service ${resolved.name} in namespace ${resolved.namespace}, which the repo does not define`,
      );
      continue;
    }
    if (resolved.kind === 'no-port') {
      problems.add(
        e.at.file,
        at,
        `OTLP endpoint ${e.value}: Service ${resolved.name} (${
          resolved.service.file
        }) has no port ${resolved.port} (its ports: ${resolved.ports
          .map(p => p.port)
          .join(', ')})`,
      );
      continue;
    }
    const { namespace, service, servicePort } = resolved;
    if (!e.namespace || !view.tenantNamespaces.has(e.namespace)) continue;
    for (const n of targetNumbers(view, service.object, servicePort)) {
      if (!egressAllowed(view, e.namespace, namespace!, n)) {
        problems.add(
          e.at.file,
          at,
          `OTLP endpoint ${e.value} sends to port ${n} in ${namespace}, but no NetworkPolicy in ${e.namespace} allows that egress: the tenant's default deny drops the telemetry`,
        );
      }
    }
  }
}
