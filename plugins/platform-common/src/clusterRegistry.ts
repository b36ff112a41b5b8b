import { z } from 'zod';

/** `spec.type` of a cluster Resource entity. */
export const CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/**
 * The clouds the platform runs on, with the managed service and the core
 * Kubernetes plugin's auth provider each one uses in production.
 */
export const providers = {
  aws: { service: 'eks', kubernetesAuthProvider: 'aws' },
  gcp: { service: 'gke', kubernetesAuthProvider: 'google' },
  azure: { service: 'aks', kubernetesAuthProvider: 'azure' },
} as const;

export type ClusterProvider = keyof typeof providers;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const hostname =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * The registry fields a platform team keeps per cluster, in `spec` of a
 * `Resource` of type `kubernetes-cluster`. Everything else about a cluster
 * (selectable labels, endpoints) is derived from these or bound by config.
 */
export const clusterSpecSchema = z
  .object({
    type: z.literal(CLUSTER_RESOURCE_TYPE),
    owner: z.string().min(1, 'is required'),
    system: z.string().optional(),
    provider: z.enum(['aws', 'gcp', 'azure']),
    service: z.enum(['eks', 'gke', 'aks']),
    region: z
      .string()
      .regex(dnsLabel, 'must be a cloud region name like us-east-1'),
    environment: z.enum(['production', 'staging', 'development']),
    purpose: z.string().min(1, 'is required'),
    criticality: z.enum(['tier-1', 'tier-2', 'tier-3']),
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version like 1.33'),
    upgradeRing: z.enum(['ring-0', 'ring-1', 'ring-2']),
    networkMode: z.string().min(1, 'is required'),
    identityMode: z.string().min(1, 'is required'),
    entryPoint: z
      .string()
      .regex(hostname, 'must be the DNS name of the cluster ingress'),
    profiles: z.object({
      observability: z.enum(['standard', 'extended']),
      policy: z.enum(['audit', 'enforce']),
      backup: z.enum(['none', 'daily', 'hourly']),
    }),
  })
  .superRefine((spec, ctx) => {
    const expected = providers[spec.provider]?.service;
    if (expected && spec.service !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['service'],
        message: `must be ${expected} for provider ${spec.provider}`,
      });
    }
  });

export type ClusterSpec = z.infer<typeof clusterSpecSchema>;

/** A registry problem, with the path of the field it is about. */
export interface ClusterSpecProblem {
  field: string;
  message: string;
}

/**
 * Checks a cluster Resource's spec against the registry contract. Returns the
 * parsed spec, or every problem with the field it names (`spec.provider`).
 */
export function validateClusterSpec(
  spec: unknown,
):
  | { ok: true; spec: ClusterSpec }
  | { ok: false; problems: ClusterSpecProblem[] } {
  // reportInput: the messages quote what was given, not only what is wanted.
  const result = clusterSpecSchema.safeParse(spec, { reportInput: true });
  if (result.success) {
    return { ok: true, spec: result.data };
  }
  return {
    ok: false,
    problems: result.error.issues.map(issue => ({
      field: ['spec', ...issue.path.map(String)].join('.'),
      message: describeIssue(issue),
    })),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if ('input' in issue && issue.input === undefined) {
    return 'is required';
  }
  if (issue.code === 'invalid_value') {
    const got = JSON.stringify(issue.input);
    return `must be one of ${issue.values.join(', ')} (got ${got})`;
  }
  return issue.message;
}
