/**
 * What a new product (or service) may be called and configured with. One
 * set of rules, used by the Create Component wizard next to each field and
 * again by the Scaffolder backend for requests sent directly.
 */

/** Names that would collide with platform namespaces or confuse routing. */
export const RESERVED_NAMES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'crossplane-system',
  'trinity-clusters',
  'monitoring',
  'opentelemetry',
  'ingress',
  // Envoy Gateway and the cluster's Gateway (ADR 0016), the management
  // cluster's Thanos and Grafana: the tenants project cannot tell them
  // from a product's namespace (ADR 0017).
  'gateway',
  'envoy-gateway-system',
  'observability',
  'cert-manager',
  'external-secrets',
  'external-dns',
  'kyverno',
  'karpenter',
  'platform',
  'admin',
  'api',
  'www',
  'trinity',
  // The platform's own repositories (platform/infra): a product repository
  // named like one could be mistaken for it.
  'infra',
  'portal',
] as const;

/**
 * Teams no product may be owned by: `platform` owns the platform's own
 * repositories (the infra repo is platform/infra), so a product of it would
 * publish over them.
 */
export const RESERVED_TEAMS = ['platform'] as const;

/** The services a product template can create, and their name suffix. */
export const SERVICE_KINDS = {
  web: { suffix: 'web', type: 'website', description: 'frontend' },
  api: { suffix: 'api', type: 'service', description: 'API' },
} as const;
export type ServiceKind = keyof typeof SERVICE_KINDS;

export const SLO_OBJECTIVE_RANGE = { min: 90, max: 99.999 } as const;

export interface ProductInput {
  name: string;
  team: string;
  services: string[];
  clouds: string[];
  tier: string;
  sloObjective: number;
  latencyTargetMs: number;
  hostname: string;
  minReplicas: number;
  maxReplicas: number;
}

export interface ProductRulesContext {
  /** Registered cluster names (the registry in the catalog). */
  clusters: string[];
  /** Names already taken in the catalog (Systems and Components). */
  taken: string[];
  /**
   * The teams the requester belongs to (group names). Undefined for a
   * platform admin, who may create a product for any team.
   */
  userTeams?: string[];
  /** Hostnames the infra repo gives other products, with their owner product. */
  takenHostnames?: Array<{ hostname: string; system: string }>;
  /** DNS zones public hostnames may live in. */
  allowedZones: string[];
}

export interface FieldProblem {
  field: keyof ProductInput;
  message: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Why a name cannot be a product or service name, or undefined. DNS-1123
 * label (it becomes a namespace and part of resource names), at most 40
 * characters so `<name>-<suffix>-<cluster>` still fits 63, not reserved,
 * not taken.
 */
export function nameProblem(
  name: string,
  taken: string[] = [],
): string | undefined {
  if (!name) return 'is required';
  if (name.length > 40) return 'must be at most 40 characters';
  if (!DNS_LABEL.test(name)) {
    return 'must be a DNS label: lowercase letters, digits and "-", starting with a letter and not ending with "-"';
  }
  if ((RESERVED_NAMES as readonly string[]).includes(name)) {
    return `"${name}" is reserved by the platform`;
  }
  if (taken.includes(name)) return `"${name}" is already in the catalog`;
  return undefined;
}

/** Why a hostname is not a public name inside an allowed zone, or undefined. */
export function hostnameProblem(
  hostname: string,
  allowedZones: string[],
): string | undefined {
  if (!hostname) return 'is required';
  if (!HOSTNAME.test(hostname)) return 'must be a lowercase DNS name';
  const zone = allowedZones.find(allowed => hostname.endsWith(`.${allowed}`));
  if (!zone) {
    return `must be inside ${allowedZones
      .map(allowed => `*.${allowed}`)
      .join(' or ')}`;
  }
  return undefined;
}

/** Every problem of a new-product request, by field. Empty when valid. */
export function productInputProblems(
  input: Partial<ProductInput>,
  ctx: ProductRulesContext,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: keyof ProductInput, message?: string) => {
    if (message) out.push({ field, message });
  };
  add('name', nameProblem(input.name ?? '', ctx.taken));
  for (const service of input.services ?? []) {
    const full = `${input.name}-${service}`;
    if (!Object.hasOwn(SERVICE_KINDS, service))
      add('services', `unknown service kind "${service}"`);
    else if (ctx.taken.includes(full)) {
      add('services', `"${full}" is already in the catalog`);
    }
  }
  if (!input.services?.length) add('services', 'choose at least one service');
  if (!input.team || !DNS_LABEL.test(input.team)) {
    add('team', 'must be the name of a team group');
  } else if ((RESERVED_TEAMS as readonly string[]).includes(input.team)) {
    add(
      'team',
      `"${input.team}" owns the platform's own repositories; choose your product team`,
    );
  } else if (ctx.userTeams && !ctx.userTeams.includes(input.team)) {
    add(
      'team',
      `you are not a member of ${input.team}; choose one of your teams (${
        ctx.userTeams.join(', ') || 'you are in none'
      })`,
    );
  }
  if (!input.clouds?.length) add('clouds', 'choose at least one cluster');
  for (const cluster of input.clouds ?? []) {
    if (!ctx.clusters.includes(cluster)) {
      add('clouds', `"${cluster}" is not a registered cluster`);
    }
  }
  if (!['tier-1', 'tier-2', 'tier-3'].includes(input.tier ?? '')) {
    add('tier', 'must be tier-1, tier-2 or tier-3');
  }
  add('hostname', hostnameProblem(input.hostname ?? '', ctx.allowedZones));
  const hostname = (input.hostname ?? '').toLocaleLowerCase('en-US');
  const holder = ctx.takenHostnames?.find(
    claim =>
      claim.hostname === hostname &&
      claim.system !== `system:default/${input.name}`,
  );
  if (holder) {
    add(
      'hostname',
      `${hostname} belongs to ${holder.system} in the infra repo`,
    );
  }
  for (const problem of serviceLevelProblems(input))
    add(problem.field, problem.message);
  return out;
}

/** What a product and each of its services choose: SLO, latency target, replicas. */
export type ServiceLevels = Pick<
  ProductInput,
  'sloObjective' | 'latencyTargetMs' | 'minReplicas' | 'maxReplicas'
>;

/** Problems of the service-level fields, shared by new-product and new-service. */
export function serviceLevelProblems(
  input: Partial<ServiceLevels>,
): Array<{ field: keyof ServiceLevels; message: string }> {
  const out: Array<{ field: keyof ServiceLevels; message: string }> = [];
  const slo = input.sloObjective;
  if (
    typeof slo !== 'number' ||
    !(slo >= SLO_OBJECTIVE_RANGE.min && slo <= SLO_OBJECTIVE_RANGE.max)
  ) {
    out.push({
      field: 'sloObjective',
      message: `must be between ${SLO_OBJECTIVE_RANGE.min} and ${SLO_OBJECTIVE_RANGE.max}`,
    });
  }
  const latency = input.latencyTargetMs;
  if (!Number.isInteger(latency) || latency! < 10 || latency! > 10000) {
    out.push({
      field: 'latencyTargetMs',
      message: 'must be a whole number of milliseconds, 10 to 10000',
    });
  }
  const min = input.minReplicas;
  const max = input.maxReplicas;
  if (!Number.isInteger(min) || min! < 1) {
    out.push({
      field: 'minReplicas',
      message: 'must be a whole number, at least 1',
    });
  }
  if (!Number.isInteger(max) || max! < (min ?? 1) || max! > 100) {
    out.push({
      field: 'maxReplicas',
      message: 'must be a whole number between the minimum and 100',
    });
  }
  return out;
}

export interface ServiceInput extends ServiceLevels {
  /** The product (System name) the service joins. */
  product: string;
  /** The service's own part of the name: the service is `<product>-<service>`. */
  service: string;
  kind: string;
}

export interface ServiceFieldProblem {
  field: keyof ServiceInput;
  message: string;
}

/**
 * Every problem of a new-service request, by field. The service becomes
 * `<product>-<service>`: a DNS label of at most 50 characters, so
 * `<service>-<cluster>` Application names stay readable, and not already in
 * the catalog.
 */
export function serviceInputProblems(
  input: Partial<ServiceInput>,
  ctx: { taken: string[] },
): ServiceFieldProblem[] {
  const out: ServiceFieldProblem[] = [];
  const service = input.service ?? '';
  const full = `${input.product}-${service}`;
  if (!input.product) {
    out.push({ field: 'product', message: 'choose the product' });
  }
  if (!service) out.push({ field: 'service', message: 'is required' });
  else if (!DNS_LABEL.test(service)) {
    out.push({
      field: 'service',
      message:
        'must be a DNS label: lowercase letters, digits and "-", starting with a letter and not ending with "-"',
    });
  } else if (full.length > 50) {
    out.push({
      field: 'service',
      message: `"${full}" is longer than 50 characters`,
    });
  } else if (ctx.taken.includes(full)) {
    out.push({
      field: 'service',
      message: `"${full}" is already in the catalog`,
    });
  }
  if (!Object.hasOwn(SERVICE_KINDS, input.kind ?? '')) {
    out.push({
      field: 'kind',
      message: `must be one of ${Object.keys(SERVICE_KINDS).join(', ')}`,
    });
  }
  out.push(...serviceLevelProblems(input));
  return out;
}
