import { ClusterProvider, providers } from './clusterRegistry';

/**
 * What a new cluster may be called and run. One set of rules for the
 * new-cluster wizard and the Scaffolder backend.
 */

/** The environment part of a cluster name (`aws-use1-prod-02`). */
export const ENVIRONMENT_CODES = {
  production: 'prod',
  staging: 'stg',
  development: 'dev',
} as const;
export type ClusterEnvironment = keyof typeof ENVIRONMENT_CODES;

export interface ClusterInput {
  name: string;
  provider: string;
  region: string;
  environment: string;
  kubernetesVersion: string;
  upgradeRing: string;
}

export interface ClusterFieldProblem {
  field: keyof ClusterInput;
  message: string;
}

const minorOf = (version: string) =>
  Number(/^1\.(\d{2})$/.exec(version)?.[1] ?? NaN);

/**
 * Every problem of a new-cluster request, by field. Names follow the
 * registry's `<provider>-<region code>-<env code>-<nn>` (the teams' Argo CD
 * projects allow `*-prod-*` destinations by that shape), are not taken,
 * and the version is one the fleet runs or the next minor: a new cluster
 * never starts behind the fleet or more than one version ahead of it.
 */
export function clusterInputProblems(
  input: Partial<ClusterInput>,
  ctx: { registered: Array<{ name: string; kubernetesVersion: string }> },
): ClusterFieldProblem[] {
  const out: ClusterFieldProblem[] = [];
  const add = (field: keyof ClusterInput, message: string) =>
    out.push({ field, message });
  const provider = input.provider ?? '';
  const environment = input.environment ?? '';
  if (!Object.hasOwn(providers, provider)) {
    add('provider', `must be one of ${Object.keys(providers).join(', ')}`);
  }
  if (!Object.hasOwn(ENVIRONMENT_CODES, environment)) {
    add(
      'environment',
      `must be one of ${Object.keys(ENVIRONMENT_CODES).join(', ')}`,
    );
  }
  if (!/^[a-z]+(-[a-z]+)*[0-9]*(-[0-9]+)?$/.test(input.region ?? '')) {
    add('region', 'must be a cloud region name like us-east-1 or eastus');
  }
  const name = input.name ?? '';
  const code =
    ENVIRONMENT_CODES[environment as ClusterEnvironment] ?? '(prod|stg|dev)';
  const shape = new RegExp(`^${provider}-[a-z0-9]{2,12}-${code}-\\d{2}$`);
  if (!name) add('name', 'is required');
  else if (name.length > 40) add('name', 'must be at most 40 characters');
  else if (!shape.test(name)) {
    add(
      'name',
      `must look like ${
        provider || '<provider>'
      }-<region code>-${code}-<nn>, e.g. ${provider || 'aws'}-use2-${code}-01`,
    );
  } else if (ctx.registered.some(cluster => cluster.name === name)) {
    add('name', `"${name}" is already in the cluster registry`);
  }
  const minor = minorOf(input.kubernetesVersion ?? '');
  const minors = ctx.registered
    .map(cluster => minorOf(cluster.kubernetesVersion))
    .filter(clusterMinor => !Number.isNaN(clusterMinor));
  if (Number.isNaN(minor)) {
    add('kubernetesVersion', 'must be a Kubernetes minor version like 1.33');
  } else if (minors.length) {
    const oldest = Math.min(...minors);
    const newest = Math.max(...minors);
    if (minor < oldest || minor > newest + 1) {
      add(
        'kubernetesVersion',
        `must be between 1.${oldest} (the oldest the fleet runs) and 1.${
          newest + 1
        }`,
      );
    }
  }
  if (!['ring-0', 'ring-1', 'ring-2'].includes(input.upgradeRing ?? '')) {
    add('upgradeRing', 'must be ring-0, ring-1 or ring-2');
  }
  return out;
}

/** The registry fields that follow from the provider. */
export function providerDefaults(provider: ClusterProvider) {
  return {
    aws: { networkMode: 'vpc-cni', identityMode: 'pod-identity' },
    gcp: { networkMode: 'dataplane-v2', identityMode: 'workload-identity' },
    azure: {
      networkMode: 'azure-cni-overlay',
      identityMode: 'workload-identity',
    },
  }[provider];
}
