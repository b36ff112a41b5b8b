/**
 * A product's tenant as the infra repo declares it
 * (infra/tenants/<product>/base/*.yaml), read once per product: the demo
 * fleet takes its namespace labels (which Kyverno policies apply) and its
 * SLO specs (which rules its Prometheus evaluates) from here, so the demo
 * plays what the infra repo says, and no request reads files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './repoRoot';

type Json = Record<string, any>;

const read = new Map<string, Json[]>();

/**
 * A tenant read elsewhere — from the forge's infra repo, when its pull
 * request was merged (gitops/) — for products this repository does not hold.
 */
export function registerTenant(product: string, objects: Json[]) {
  read.set(product, objects);
}

/** Forgets a registered tenant (it left the infra repo, or changed). */
export function unregisterTenant(product: string) {
  read.delete(product);
}

/** Every object of a product's tenant base; none for a product without one. */
export function tenantObjects(product: string): Json[] {
  let objects = read.get(product);
  if (!objects) {
    const base = path.join(repoRoot, 'infra/tenants', product, 'base');
    objects = fs.existsSync(base)
      ? fs
          .readdirSync(base)
          .filter(name => name.endsWith('.yaml'))
          .sort()
          .flatMap(name =>
            parseAllDocuments(
              fs.readFileSync(path.join(base, name), 'utf8'),
            ).map(doc => doc.toJS()),
          )
          .filter(Boolean)
      : [];
    read.set(product, objects);
  }
  return objects;
}
