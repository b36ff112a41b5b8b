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
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Json)
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
  for (let n = 10; n <= 250; n += 10) {
    const inPods = n >= 64 && n <= 67;
    if (!taken.has(n) && !inPods && n !== 96) return `10.${n}.0.0/16`;
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
        checkoutPath: z => z.string().describe('The infra checkout.'),
        name: z => z.string(),
        provider: z => z.string(),
        region: z => z.string(),
        environment: z => z.string(),
        kubernetesVersion: z => z.string(),
        upgradeRing: z => z.string(),
      },
      output: {
        service: z => z.string(),
        networkMode: z => z.string(),
        identityMode: z => z.string(),
        cidr: z => z.string(),
        podCidr: z => z.string(),
        serviceCidr: z => z.string(),
        entryPoint: z => z.string(),
        reference: z => z.string(),
        awsRoleArn: z => z.string(),
        gcpProject: z => z.string(),
        azureIssuerUrl: z => z.string(),
        registrationSecrets: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const infra = inWorkspace(ctx, ctx.input.checkoutPath);
      const registry = readFolder(path.join(infra, 'registry')).filter(
        e => e.kind === 'Resource',
      );
      const claims = readFolder(path.join(infra, 'crossplane/clusters'));
      const problems = clusterInputProblems(ctx.input, {
        registered: registry.map(e => ({
          name: e.metadata?.name,
          kubernetesVersion: String(e.spec?.kubernetesVersion),
        })),
      });
      if (problems.length) {
        throw new InputError(
          problems.map(p => `${p.field}: ${p.message}`).join('; '),
        );
      }
      const provider = ctx.input.provider as ClusterProvider;
      const reference = claims.find(c => c.spec?.provider === provider);
      if (!reference) {
        throw new InputError(
          `provider: the infra repo has no ${provider} cluster yet to take the account setup from; add the first one by hand (docs/infra.md)`,
        );
      }
      // The registry's domain for cluster ingresses: ingress.<cluster>.<domain>.
      const known = registry.find(e => e.spec?.entryPoint);
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
        nextNetwork(claims.map(c => String(c.spec?.network?.cidr))),
      );
      ctx.output('podCidr', String(spec.network?.podCidr ?? ''));
      ctx.output('serviceCidr', String(spec.network?.serviceCidr ?? ''));
      ctx.output('entryPoint', `ingress.${ctx.input.name}.${domain}`);
      ctx.output('reference', String(reference.metadata?.name));
      ctx.output('awsRoleArn', String(spec.argocd?.awsRoleArn ?? ''));
      ctx.output('gcpProject', String(spec.gcp?.project ?? ''));
      ctx.output('azureIssuerUrl', String(spec.argocd?.issuerUrl ?? ''));
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
