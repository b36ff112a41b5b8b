import { ClusterView, Placed, ServicePort, servicePorts } from './clusterView';

/** What an in-cluster address (`<service>.<namespace>.svc:<port>`) names. */
export type ServiceAddress =
  | { kind: 'not-url' }
  | { kind: 'outside' }
  | { kind: 'unknown-service'; name: string; namespace?: string }
  | {
      kind: 'no-port';
      name: string;
      namespace?: string;
      service: Placed;
      port: number;
      ports: ServicePort[];
    }
  | {
      kind: 'ok';
      name: string;
      namespace?: string;
      service: Placed;
      servicePort: ServicePort;
    };

/**
 * Resolves a URL, or a bare `host:port` (gRPC endpoints), to a Service of
 * the repo and one of its ports: the host must be a Service's in-cluster
 * name (`<name>`, `<name>.<namespace>`, `….svc` or `….svc.cluster.local`);
 * with no port, 80 or 443 by scheme.
 */
export function resolveServiceAddress(
  view: ClusterView,
  value: string,
  defaultNamespace?: string,
): ServiceAddress {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `tcp://${value}`);
  } catch {
    return { kind: 'not-url' };
  }
  const host = url.hostname.split('.');
  const inCluster =
    host.length <= 2 ||
    (host.length === 3 && host[2] === 'svc') ||
    (host.length === 5 && host.slice(2).join('.') === 'svc.cluster.local');
  if (!inCluster) return { kind: 'outside' };
  const [name, namespace = defaultNamespace] = host;
  let port = Number(url.port);
  if (!url.port) port = url.protocol === 'https:' ? 443 : 80;
  const service = view.findService(name, namespace);
  if (!service) return { kind: 'unknown-service', name, namespace };
  const ports = servicePorts(service.object);
  const servicePort = ports.find(p => p.port === port);
  if (!servicePort)
    return { kind: 'no-port', name, namespace, service, port, ports };
  return { kind: 'ok', name, namespace, service, servicePort };
}

/** Why an address does not name a Service of the repo with that port. */
export function addressProblem(
  view: ClusterView,
  value: string,
  namespace: string | undefined,
): string | undefined {
  const resolved = resolveServiceAddress(view, value, namespace);
  switch (resolved.kind) {
    case 'ok':
      return undefined;
    case 'not-url':
      return 'is not a URL or host:port';
    case 'outside':
      return 'names no Service of the repo (<service>.<namespace>.svc:<port>)';
    case 'unknown-service':
      return `names Service ${resolved.name} in namespace ${resolved.namespace}, which the repo does not define`;
    default:
      return `names Service ${resolved.name} (${
        resolved.service.file
      }), which has no port ${resolved.port} (its ports: ${resolved.ports
        .map(p => p.port)
        .join(', ')})`;
  }
}
