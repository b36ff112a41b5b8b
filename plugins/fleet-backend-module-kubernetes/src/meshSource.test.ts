import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { FleetCluster } from '@internal/plugin-fleet-node';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import { KubernetesApiError } from './KubernetesProxyReader';
import { createMeshSource, PeerAuthentication } from './meshSource';

/** The storefront tenant as the infra repo declares it (namespace.yaml, mesh.yaml). */
const tenant = (file: string) =>
  parseAllDocuments(
    fs.readFileSync(
      path.join(__dirname, '../../../infra/tenants/storefront/base', file),
      'utf8',
    ),
  ).map(doc => doc.toJS());

/** The live Namespace: the tenant's, as the API server serves it. */
const storefrontNamespace = () => {
  const [namespace] = tenant('namespace.yaml');
  namespace.metadata.labels['kubernetes.io/metadata.name'] = 'storefront';
  return namespace;
};
/** The tenant's PeerAuthentication, in its namespace (kustomize sets it). */
const strict = (): PeerAuthentication => {
  const policy = tenant('mesh.yaml').find(
    object => object.kind === 'PeerAuthentication',
  );
  policy.metadata.namespace = 'storefront';
  return policy;
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'storefront',
    annotations: {
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/part-of=storefront',
      'backstage.io/kubernetes-namespace': 'storefront',
    },
  },
};
const cluster: FleetCluster = {
  name: 'aws-use1-prod-01',
  title: 'EKS us-east-1',
  provider: 'aws',
  region: 'us-east-1',
  upgradeRing: 'ring-1',
  endpoints: {},
};

function sourceOver(
  namespaces: unknown[],
  peerAuthentications: PeerAuthentication[] | Error,
  paths: string[] = [],
) {
  const list = async <T>(_cluster: string, listed: string) => {
    paths.push(listed);
    if (listed.includes('/peerauthentications')) {
      if (peerAuthentications instanceof Error) throw peerAuthentications;
      return peerAuthentications as T[];
    }
    return namespaces as T[];
  };
  return createMeshSource({ list }, new ConfigReader({}));
}

const read = (source: ReturnType<typeof sourceOver>, of = entity) =>
  source.read({ entity: of, cluster, signal: new AbortController().signal });

describe('the mesh source', () => {
  it('a tenant namespace in the ambient mesh with a STRICT PeerAuthentication is ok, from one list of each per cluster', async () => {
    const paths: string[] = [];
    const reading = await read(
      sourceOver([storefrontNamespace()], [strict()], paths),
    );
    expect(paths.sort()).toEqual([
      '/api/v1/namespaces',
      '/apis/security.istio.io/v1/peerauthentications',
    ]);
    expect(reading).toEqual({
      status: 'ok',
      summary: 'ambient · mTLS STRICT',
      data: {
        namespace: 'storefront',
        dataplaneMode: 'ambient',
        ambient: true,
        mtls: { mode: 'STRICT', from: 'storefront/default' },
        exceptions: [],
        istio: true,
      },
    });
  });

  it('a namespace without the ambient label is a warning that says so', async () => {
    const namespace = storefrontNamespace();
    delete namespace.metadata.labels['istio.io/dataplane-mode'];
    const reading = await read(sourceOver([namespace], [strict()]));
    expect(reading.status).toBe('warning');
    expect(reading.summary).toBe(
      'not meshed: namespace storefront is not in the ambient mesh (no istio.io/dataplane-mode=ambient label)',
    );
    expect(reading.runbook).toBe(RUNBOOKS.meshNotStrict);
  });

  it('PERMISSIVE, or no PeerAuthentication at all, is a warning: plaintext is accepted', async () => {
    const permissive = strict();
    permissive.spec!.mtls!.mode = 'PERMISSIVE';
    expect(
      (await read(sourceOver([storefrontNamespace()], [permissive]))).summary,
    ).toBe(
      'meshed: mTLS PERMISSIVE (PeerAuthentication storefront/default): plaintext is accepted',
    );
    const none = await read(sourceOver([storefrontNamespace()], []));
    expect(none.status).toBe('warning');
    expect(none.summary).toBe(
      "meshed: mTLS PERMISSIVE (no PeerAuthentication: Istio's default): plaintext is accepted",
    );
  });

  it('inherits a mesh-wide STRICT from the root namespace, and names workload and port exceptions', async () => {
    const meshWide = strict();
    meshWide.metadata.namespace = 'istio-system';
    const unset: PeerAuthentication = {
      metadata: { name: 'default', namespace: 'storefront' },
      spec: { mtls: { mode: 'UNSET' } },
    };
    expect(
      (await read(sourceOver([storefrontNamespace()], [meshWide, unset]))).data
        ?.mtls,
    ).toEqual({ mode: 'STRICT', from: 'istio-system/default' });
    const legacy: PeerAuthentication = {
      metadata: { name: 'legacy-scraper', namespace: 'storefront' },
      spec: {
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'storefront-web' },
        },
        mtls: { mode: 'STRICT' },
        portLevelMtls: { '9090': { mode: 'DISABLE' } },
      },
    };
    const reading = await read(
      sourceOver([storefrontNamespace()], [strict(), legacy]),
    );
    expect(reading.status).toBe('warning');
    expect(reading.summary).toBe(
      'meshed: PeerAuthentication legacy-scraper sets DISABLE on port 9090',
    );
  });

  it('a cluster without Istio (no PeerAuthentication resource) is a warning, not an error', async () => {
    const reading = await read(
      sourceOver(
        [storefrontNamespace()],
        new KubernetesApiError(
          'the Kubernetes API of aws-use1-prod-01 answered 404: the server could not find the requested resource',
          404,
        ),
      ),
    );
    expect(reading.status).toBe('warning');
    expect(reading.summary).toBe(
      "not meshed: aws-use1-prod-01 serves no security.istio.io/v1 PeerAuthentication (Istio is not installed), so storefront's traffic is not mutual TLS",
    );
  });

  it('is unknown, with the reason, when it cannot tell', async () => {
    // The list fails: the fleet backend makes that an error cell, in words.
    await expect(
      read(
        sourceOver(
          [storefrontNamespace()],
          new KubernetesApiError(
            'the Kubernetes API of aws-use1-prod-01 answered 403: forbidden',
            403,
          ),
        ),
      ),
    ).rejects.toThrow('answered 403: forbidden');
    expect(await read(sourceOver([], [strict()]))).toEqual({
      status: 'unknown',
      summary: 'no namespace storefront on aws-use1-prod-01',
    });
    const withoutNamespace: Entity = {
      ...entity,
      metadata: {
        name: 'storefront',
        annotations: {
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/part-of=storefront',
        },
      },
    };
    expect(
      (
        await read(
          sourceOver([storefrontNamespace()], [strict()]),
          withoutNamespace,
        )
      ).summary,
    ).toBe(
      'no backstage.io/kubernetes-namespace annotation: which namespace to look at is not known',
    );
  });
});
