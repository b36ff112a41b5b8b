import { ClusterView, Placed, servicePorts } from './clusterView';
import { labelsOf, nameOf, namespaceOf, where } from './load';
import { matchesSelector } from './labelSelector';
import { Problems } from './problems';

type Json = Record<string, any>;

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

const normalise = (host: string) => host.toLowerCase().replace(/\.$/, '');

/**
 * Gateway API hostname matching: a listener without hostname takes every
 * name; `*.example.com` takes any name ending in `.example.com`.
 */
function listenerTakes(listener: Json, hostname: string): boolean {
  if (!listener.hostname) return true;
  const own = normalise(String(listener.hostname));
  if (own.startsWith('*.')) return hostname.endsWith(own.slice(1));
  return own === hostname;
}

/** Whether a listener's allowedRoutes admit an HTTPRoute from a namespace. */
function listenerAdmits(
  listener: Json,
  gatewayNamespace: string | undefined,
  routeNamespace: string | undefined,
  namespaceLabels: Record<string, string>,
): boolean {
  const allowed = (listener.allowedRoutes ?? {}) as Json;
  const kinds = (allowed.kinds ?? []) as Json[];
  if (
    kinds.length &&
    !kinds.some(
      k =>
        k.kind === 'HTTPRoute' && (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP,
    )
  )
    return false;
  if (!kinds.length && !['HTTP', 'HTTPS'].includes(listener.protocol))
    return false;
  const from = allowed.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return gatewayNamespace === routeNamespace;
  if (from === 'Selector')
    return matchesSelector(allowed.namespaces?.selector ?? {}, namespaceLabels);
  return false;
}

/**
 * Every HTTPRoute attaches to a Gateway of the repo, through a listener that
 * admits its namespace and takes its hostnames; a tenant's routes answer
 * only on its product's names (the hostname of its EntryPoint, or names
 * under it); backends the repo holds have the port routed to.
 */
export function checkRoutes(view: ClusterView, problems: Problems) {
  const gateways = view.ofKind('Gateway');
  const namespaceLabels = (ns: string | undefined) => {
    const object = view
      .ofKind('Namespace')
      .find(n => nameOf(n.object) === ns)?.object;
    return {
      ...(object ? labelsOf(object) : {}),
      'kubernetes.io/metadata.name': ns ?? '',
    };
  };
  const zonesOf = (ns: string | undefined) => [
    ...new Set(
      view
        .ofKind('EntryPoint')
        .filter(e => namespaceOf(e.object) === ns)
        .map(e => normalise(String(e.object.spec?.hostname ?? ''))),
    ),
  ];
  const add = (route: Placed, pointer: string, reason: string) =>
    problems.add(
      route.file,
      where(route, pointer),
      `HTTPRoute ${nameOf(route.object)}: ${reason}`,
    );

  for (const route of view.ofKind('HTTPRoute')) {
    const spec = (route.object.spec ?? {}) as Json;
    const ns = namespaceOf(route.object);
    const hostnames = ((spec.hostnames ?? []) as string[]).map(normalise);

    ((spec.parentRefs ?? []) as Json[]).forEach((ref, i) => {
      if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return;
      if ((ref.kind ?? 'Gateway') !== 'Gateway') return;
      const gatewayNamespace = ref.namespace ?? ns;
      const pointer = `/spec/parentRefs/${i}`;
      const parents = gateways.filter(
        g =>
          nameOf(g.object) === ref.name &&
          namespaceOf(g.object) === gatewayNamespace,
      );
      if (!parents.length) {
        add(
          route,
          pointer,
          `its parent Gateway ${gatewayNamespace}/${ref.name} is not defined in the repo`,
        );
        return;
      }
      for (const gateway of parents) {
        const label = `Gateway ${gatewayNamespace}/${ref.name} (${gateway.file})`;
        const listeners = ((gateway.object.spec?.listeners ?? []) as Json[])
          .filter(l => !ref.sectionName || l.name === ref.sectionName)
          .filter(l => ref.port === undefined || l.port === ref.port);
        if (!listeners.length) {
          add(
            route,
            `${pointer}/sectionName`,
            `${label} has no listener ${JSON.stringify(
              ref.sectionName ?? ref.port,
            )}`,
          );
          continue;
        }
        const admitting = listeners.filter(l =>
          listenerAdmits(l, gatewayNamespace, ns, namespaceLabels(ns)),
        );
        if (!admitting.length) {
          add(
            route,
            pointer,
            `${label} does not admit HTTPRoutes from namespace ${ns} (listener ${listeners
              .map(l => l.name)
              .join(', ')})`,
          );
          continue;
        }
        for (const hostname of hostnames) {
          if (!admitting.some(l => listenerTakes(l, hostname))) {
            add(
              route,
              '/spec/hostnames',
              `${hostname} is not a name listener ${admitting
                .map(l => `${l.name} (${l.hostname ?? 'any'})`)
                .join(', ')} of ${label} takes: the route would not attach`,
            );
          }
        }
      }
    });

    if (view.tenantNamespaces.has(ns ?? '')) {
      const zones = zonesOf(ns);
      if (!hostnames.length) {
        add(
          route,
          '/spec',
          `a tenant's route names its hostnames (without them it takes every name its Gateway listener takes)`,
        );
      } else if (!zones.length) {
        add(
          route,
          '/spec/hostnames',
          `tenant ${ns} has no EntryPoint, so no name of its own to answer on`,
        );
      }
      for (const hostname of hostnames) {
        if (
          zones.length &&
          !zones.some(z => hostname === z || hostname.endsWith(`.${z}`))
        ) {
          add(
            route,
            '/spec/hostnames',
            `${hostname} is not inside the product's zone (its entry point ${zones.join(
              ', ',
            )}): a product answers only on its own names`,
          );
        }
      }
    }

    // Backends: judged where the repo holds the namespace's Services (a
    // tenant's come from its product repo, which the template tests add).
    if (!view.servicesIn(ns).length) continue;
    ((spec.rules ?? []) as Json[]).forEach((rule, r) =>
      ((rule.backendRefs ?? []) as Json[]).forEach((b, i) => {
        if ((b.kind ?? 'Service') !== 'Service' || (b.group ?? '') !== '')
          return;
        const service = view.findService(b.name, b.namespace ?? ns);
        const pointer = `/spec/rules/${r}/backendRefs/${i}`;
        if (!service) {
          add(route, pointer, `backend Service ${b.name} is not defined`);
        } else if (!servicePorts(service.object).some(p => p.port === b.port)) {
          add(
            route,
            `${pointer}/port`,
            `backend Service ${b.name} has no port ${b.port}`,
          );
        }
      }),
    );
  }
}

const PUBLISHED_NAME = 'external-dns.alpha.kubernetes.io/hostname';

/**
 * The entry points' targets are the Gateways' addresses: the name each
 * cluster's Gateway has external-dns publish (its infrastructure
 * annotation, with the cluster's name filled in as the platform/gateway
 * chart does) is that cluster's `entryPoint` in the registry, which the
 * EntryPoints' targets must name (checked in references.ts).
 */
export function checkGatewayAddresses(
  view: ClusterView,
  clusters: Array<{ name: string; provider: string; entryPoint: string }>,
  problems: Problems,
) {
  for (const gateway of view.ofKind('Gateway')) {
    const provider = /^infra\/argocd\/platform\/gateway\/([a-z]+)\.yaml$/.exec(
      gateway.file,
    )?.[1];
    if (!provider) continue;
    const published = String(
      gateway.object.spec?.infrastructure?.annotations?.[PUBLISHED_NAME] ?? '',
    );
    for (const c of clusters.filter(x => x.provider === provider)) {
      const name = published.replace(
        /\{\{\s*\.Values\.clusterName\s*\}\}/g,
        c.name,
      );
      if (!c.entryPoint || name === c.entryPoint) continue;
      problems.add(
        gateway.file,
        where(gateway, '/spec/infrastructure/annotations'),
        `on ${c.name} the Gateway's address is published as ${
          name || '(nothing)'
        }, but the registry's entry point for it is ${
          c.entryPoint
        }: the entry points' targets would not resolve to the Gateway`,
      );
    }
  }
}
