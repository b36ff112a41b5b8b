/*
 * The people and products of the authorization matrix, from the repository's
 * own files: the users and groups of catalog/org.yaml (plus one fixture
 * admin, ada, so an infra pull request has an admin who did not write it),
 * the storefront as catalog/products/ and infra/tenants/ hold it, and a
 * second product, wallet, made from the storefront's files for
 * team-payments.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

/** The monorepo root. */
export const repoRoot = resolvePackagePath('backend', '../..');

/** Everyone the matrix asks about, with a name for the test titles. */
export const actors = {
  guest: { ref: 'user:default/guest', label: 'team A member (guest)' },
  priya: { ref: 'user:default/priya.nair', label: 'team B member (priya)' },
  amara: { ref: 'user:default/amara.okafor', label: 'admin (amara)' },
  ada: { ref: 'user:default/ada', label: 'second admin (ada)' },
  lukas: { ref: 'user:default/lukas.brandt', label: 'on-call (lukas)' },
  anonymous: { ref: undefined, label: 'anonymous' },
} as const;
export type ActorId = keyof typeof actors;

/** The two products: storefront is team A's (guest), wallet team B's (priya). */
export const products = {
  storefront: {
    name: 'storefront',
    team: 'team-storefront',
    repo: 'team-storefront/storefront',
    hostname: 'shop.trinity.example',
  },
  wallet: {
    name: 'wallet',
    team: 'team-payments',
    repo: 'team-payments/wallet',
    hostname: 'pay.trinity.example',
  },
} as const;
export type ProductId = keyof typeof products;

export const INFRA_REPO = 'platform/infra';

/** The second platform admin, in a catalog file of its own. */
export const adaYaml = `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ada
  description: A second platform admin (authorization matrix fixture).
spec:
  profile:
    displayName: Ada
  memberOf: [platform-admins]
`;

const parseYaml = (text: string): Entity[] =>
  parseAllDocuments(text)
    .map(d => d.toJS() as Entity | null)
    .filter((e): e is Entity => !!e?.kind);

/** The Users of catalog/org.yaml and ada. */
export function orgUsers(): Entity[] {
  return [
    ...parseYaml(
      fs.readFileSync(path.join(repoRoot, 'catalog/org.yaml'), 'utf8'),
    ),
    ...parseYaml(adaYaml),
  ].filter(e => e.kind === 'User');
}

/** storefront → wallet, in the order that keeps team names right. */
export function toWallet(text: string): string {
  return text
    .replaceAll('team-storefront', 'team-payments')
    .replaceAll('shop.trinity.example', 'pay.trinity.example')
    .replace(/^(\s*)name: shop$/m, '$1name: pay')
    .replaceAll('Storefront', 'Wallet')
    .replaceAll('storefront', 'wallet');
}

function copyTree(
  from: string,
  to: string,
  transform: (text: string) => string = t => t,
) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, transform(entry.name));
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      copyTree(source, target, transform);
    } else {
      fs.writeFileSync(target, transform(fs.readFileSync(source, 'utf8')));
    }
  }
}

/**
 * The infra repo the forge starts with: the repository's infra/, and the
 * wallet's tenant (the storefront's, for team-payments on
 * pay.trinity.example).
 */
export function infraSeed(dir: string): string {
  const seed = path.join(dir, 'infra');
  fs.mkdirSync(seed, { recursive: true });
  copyTree(path.join(repoRoot, 'infra'), seed);
  const wallet = path.join(seed, 'tenants/wallet');
  fs.mkdirSync(wallet, { recursive: true });
  copyTree(path.join(seed, 'tenants/storefront'), wallet, toWallet);
  return seed;
}

/**
 * A product repository's first tree, as new-product renders it: the System
 * in the root catalog-info.yaml and each service's Component and API in
 * services/<service>/catalog-info.yaml — the storefront's entities of
 * catalog/products/storefront.yaml (the wallet's made from them).
 */
export function productTree(dir: string, product: ProductId): string {
  const tree = fs.mkdtempSync(path.join(dir, `${product}-`));
  const text = fs.readFileSync(
    path.join(repoRoot, 'catalog/products/storefront.yaml'),
    'utf8',
  );
  const files = new Map<string, string[]>();
  let service: string | undefined;
  for (const chunk of text.split(/^---\n/m)) {
    const [entity] = parseYaml(chunk);
    if (entity?.kind === 'Component') service = entity.metadata.name;
    const file =
      entity?.kind === 'System' || !service
        ? 'catalog-info.yaml'
        : `services/${service}/catalog-info.yaml`;
    files.set(file, [...(files.get(file) ?? []), chunk]);
  }
  const as = (t: string) => (product === 'storefront' ? t : toWallet(t));
  for (const [file, chunks] of files) {
    const target = path.join(tree, as(file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, as(chunks.join('---\n')));
  }
  return tree;
}

/** A temporary directory for one run, removed by the returned function. */
export function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
