/**
 * Builds what the service mesh (Istio ambient, docs/adr/0018) puts in a
 * product's namespace, from the tenant the infra repo declares
 * (infra/tenants/<product>/base: the Namespace's `istio.io/*` labels,
 * namespace.yaml; the PeerAuthentication, mesh.yaml); for a product the
 * infra repo does not hold (the scale fleet's generated products, made
 * "from the template") the product template's tenant
 * (templates/product/tenant/base). So the fleet's mesh column reads on
 * the demo fleet what the infra repo says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../repoRoot';
import { tenantObjects } from '../tenants';
import { KubeObject, uid } from './kubeObject';

type Json = Record<string, any>;

const templates = new Map<string, Json[]>();

/** The template's tenant base rendered for a product (its name is the only value read). */
function templateTenant(product: string): Json[] {
  let objects = templates.get(product);
  if (!objects) {
    const base = path.join(repoRoot, 'templates/product/tenant/base');
    objects = ['namespace.yaml', 'mesh.yaml'].flatMap(file =>
      parseAllDocuments(
        fs
          .readFileSync(path.join(base, file), 'utf8')
          .replace(
            /\$\{\{\s*values\.(\w+)\s*\|\s*yaml\s*\}\}/g,
            (_, key: string) => JSON.stringify(key === 'name' ? product : key),
          ),
      ).map(doc => doc.toJS()),
    );
    templates.set(product, objects);
  }
  return objects;
}

const tenantOf = (product: string) => {
  const declared = tenantObjects(product);
  return declared.length > 0 ? declared : templateTenant(product);
};

/** The mesh's labels of a product's Namespace (`istio.io/dataplane-mode`, …). */
export function meshNamespaceLabels(product: string): Record<string, string> {
  const labels: Record<string, string> =
    tenantOf(product).find(object => object?.kind === 'Namespace')?.metadata
      ?.labels ?? {};
  return Object.fromEntries(
    Object.entries(labels).filter(([key]) => key.startsWith('istio.io/')),
  );
}

/**
 * The product's PeerAuthentications, in its namespace with the labels its
 * kustomization gives every object (`labels[].pairs`), as Argo CD applies
 * them.
 */
export function peerAuthenticationsFor(
  cluster: string,
  product: string,
  namespace: string,
): KubeObject[] {
  const objects = tenantOf(product);
  const common = Object.assign(
    {},
    ...(
      objects.find(object => object?.kind === 'Kustomization')?.labels ?? []
    ).map((entry: Json) => entry.pairs ?? {}),
  );
  return objects
    .filter(
      object =>
        object?.apiVersion === 'security.istio.io/v1' &&
        object?.kind === 'PeerAuthentication',
    )
    .map(object => ({
      ...object,
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: {
        ...object.metadata,
        name: object.metadata.name,
        namespace,
        uid: uid(
          cluster,
          'peerauthentication',
          namespace,
          object.metadata.name,
        ),
        labels: { ...common, ...object.metadata?.labels },
        creationTimestamp: '2026-01-05T09:00:00Z',
      },
    }));
}
