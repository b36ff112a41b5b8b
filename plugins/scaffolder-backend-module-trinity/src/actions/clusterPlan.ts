import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ClusterProvider,
  clusterInputProblems,
  providerDefaults,
  providers,
} from '@internal/plugin-platform-common';
import { parse } from 'yaml';
import { inWorkspace } from './common';

type Json = Record<string, any>;

/** The YAML documents of every file of a folder of an infra checkout. */
function readFolder(dir: string): Json[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .map(file => parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json)
    .filter(Boolean);
}

const octet = (cidr: string) => Number(/^10\.(\d+)\.0\.0\/16$/.exec(cidr)?.[1]);

/**
 * The first `10.<n>.0.0/16` (n a multiple of 10) that no cluster uses and
 * that stays clear of the pod and service ranges every cluster shares
 * (10.64.0.0/14, 10.96.0.0/16): each cluster's network is its own /16, so
 * peering or a VPN between clouds never meets an overlap.
 */
export function nextNetwork(used: string[]): string {
  const taken = new Set(used.map(octet));
  for (let candidate = 10; candidate <= 250; candidate += 10) {
    const inPods = candidate >= 64 && candidate <= 67;
    if (!taken.has(candidate) && !inPods && candidate !== 96)
      return `10.${candidate}.0.0/16`;
  }
  throw new InputError('no free 10.x.0.0/16 network is left for a cluster');
}

/**
 * `trinity:cluster:plan`: checks a new-cluster request against the infra
 * checkout it will change (its registry and its Crossplane clusters) and
 * gives the template what it renders with: the registry fields the
 * provider implies, the next free network, the ingress name in the
 * registry's domain, and the cloud account setup the provider's existing
 * clusters use (a new cluster of a cloud joins the same accounts; the
 * first cluster of a cloud is added by hand, docs/infra.md).
 */
export function createClusterPlanAction() {
  return createTemplateAction({
    id: 'trinity:cluster:plan',
    description:
      'Checks a new cluster against the registry and plans its network and accounts.',
    supportsDryRun: true,
    schema: {
      input: {
        checkoutPath: zod => zod.string().describe('The infra checkout.'),
        name: zod => zod.string(),
        provider: zod => zod.string(),
        region: zod => zod.string(),
        environment: zod => zod.string(),
        kubernetesVersion: zod => zod.string(),
        upgradeRing: zod => zod.string(),
      },
      output: {
        service: zod => zod.string(),
        networkMode: zod => zod.string(),
        identityMode: zod => zod.string(),
        cidr: zod => zod.string(),
        podCidr: zod => zod.string(),
        serviceCidr: zod => zod.string(),
        entryPoint: zod => zod.string(),
        reference: zod => zod.string(),
        awsRoleArn: zod => zod.string(),
        gcpProject: zod => zod.string(),
        azureIssuerUrl: zod => zod.string(),
        apiAllowedCidrs: zod =>
          zod
            .array(zod.string())
            .describe(
              "The networks allowed to reach the API server, as the reference cluster's claim lists them.",
            ),
        registrationSecrets: zod => zod.array(zod.string()),
      },
    },
    async handler(ctx) {
      const infra = inWorkspace(ctx, ctx.input.checkoutPath);
      const registry = readFolder(path.join(infra, 'registry')).filter(
        entity => entity.kind === 'Resource',
      );
      const claims = readFolder(path.join(infra, 'crossplane/clusters'));
      const problems = clusterInputProblems(ctx.input, {
        registered: registry.map(entity => ({
          name: entity.metadata?.name,
          kubernetesVersion: String(entity.spec?.kubernetesVersion),
        })),
      });
      if (problems.length) {
        throw new InputError(
          problems
            .map(problem => `${problem.field}: ${problem.message}`)
            .join('; '),
        );
      }
      const provider = ctx.input.provider as ClusterProvider;
      const reference = claims.find(claim => claim.spec?.provider === provider);
      if (!reference) {
        throw new InputError(
          `provider: the infra repo has no ${provider} cluster yet to take the account setup from; add the first one by hand (docs/infra.md)`,
        );
      }
      // The registry's domain for cluster ingresses: ingress.<cluster>.<domain>.
      const known = registry.find(entity => entity.spec?.entryPoint);
      const domain = String(known?.spec.entryPoint ?? '').replace(
        `ingress.${known?.metadata.name}.`,
        '',
      );
      const spec = reference.spec as Json;
      ctx.output('service', providers[provider].service);
      ctx.output('networkMode', providerDefaults(provider).networkMode);
      ctx.output('identityMode', providerDefaults(provider).identityMode);
      ctx.output(
        'cidr',
        nextNetwork(claims.map(claim => String(claim.spec?.network?.cidr))),
      );
      ctx.output('podCidr', String(spec.network?.podCidr ?? ''));
      ctx.output('serviceCidr', String(spec.network?.serviceCidr ?? ''));
      ctx.output('entryPoint', `ingress.${ctx.input.name}.${domain}`);
      ctx.output('reference', String(reference.metadata?.name));
      ctx.output('awsRoleArn', String(spec.argocd?.awsRoleArn ?? ''));
      ctx.output('gcpProject', String(spec.gcp?.project ?? ''));
      ctx.output('azureIssuerUrl', String(spec.argocd?.issuerUrl ?? ''));
      ctx.output(
        'apiAllowedCidrs',
        ((spec.apiServer?.allowedCidrs ?? []) as unknown[]).map(String),
      );
      // What the cluster's ExternalSecret reads (AKS: its CA as well).
      ctx.output('registrationSecrets', [
        `${ctx.input.name}-registration`,
        ...(provider === 'azure' ? [`${ctx.input.name}-registration-ca`] : []),
      ]);
      ctx.logger.info(
        `${ctx.input.name} can be added (account setup as ${reference.metadata?.name})`,
      );
    },
  });
}
