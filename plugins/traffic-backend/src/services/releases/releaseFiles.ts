import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isMap, parseDocument, Scalar } from 'yaml';

/**
 * The two files of a tenant in the infra repo that say what ships where
 * (docs/shipping.md): `services/<service>.yaml`, one tag per upgrade ring,
 * and `promotions.yaml`, whether promotion is paused. The portal reads them
 * from a checkout of the infra repo's default branch and changes them by
 * pull request, as the product's release and promotion workflows do — one
 * line per change, comments kept.
 */
export interface ServiceRings {
  service: string;
  image: string;
  /** Tag per ring name (`ring-0: '0.2.0'`). */
  rings: Record<string, string>;
  /** Repository-relative path of the file. */
  file: string;
}

export interface ReleaseFiles {
  services: ServiceRings[];
  paused: boolean;
  /** Files that could not be read as the templates write them, in words. */
  problems: string[];
}

/** A service name as the templates make them: it also names a file. */
const SERVICE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The ring names of a file in promotion order (ring-0, ring-1, …). */
export function ringOrder(rings: Iterable<string>): string[] {
  const index = (ring: string) => Number(/(\d+)$/.exec(ring)?.[1] ?? NaN);
  return [...rings].sort((left, right) => index(left) - index(right));
}

export function servicesFile(tenantPath: string, service: string) {
  if (!SERVICE.test(service)) {
    throw new InputError(`service: "${service}" is not a service name`);
  }
  return `${tenantPath}/services/${service}.yaml`;
}

export function promotionsFile(tenantPath: string) {
  return `${tenantPath}/promotions.yaml`;
}

function readService(root: string, file: string): ServiceRings | string {
  const doc = parseDocument(fs.readFileSync(path.join(root, file), 'utf8'));
  if (doc.errors.length) return `${file}: ${doc.errors[0].message}`;
  const value = doc.toJS() ?? {};
  const rings = value.rings;
  if (
    typeof value.service !== 'string' ||
    typeof value.image !== 'string' ||
    !rings ||
    typeof rings !== 'object'
  ) {
    return `${file}: needs service, image and rings`;
  }
  return {
    service: value.service,
    image: value.image,
    rings: Object.fromEntries(
      Object.entries(rings).map(([ring, tag]) => [ring, String(tag)]),
    ),
    file,
  };
}

/** Every service file of the tenant and its promotions switch. */
export function readReleaseFiles(
  root: string,
  tenantPath: string,
): ReleaseFiles {
  const problems: string[] = [];
  const dir = path.join(root, tenantPath, 'services');
  const services = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(name => name.endsWith('.yaml'))
        .sort()
        .flatMap(name => {
          const read = readService(root, `${tenantPath}/services/${name}`);
          if (typeof read === 'string') {
            problems.push(read);
            return [];
          }
          return [read];
        })
    : [];
  let paused = false;
  const promotions = path.join(root, promotionsFile(tenantPath));
  if (fs.existsSync(promotions)) {
    paused =
      parseDocument(fs.readFileSync(promotions, 'utf8')).toJS()?.paused ===
      true;
  }
  return { services, paused, problems };
}

/** Sets one ring's tag in a service file, leaving every other line as it was. */
export function writeRingTag(
  root: string,
  file: string,
  ring: string,
  tag: string,
) {
  const full = path.join(root, file);
  const doc = parseDocument(fs.readFileSync(full, 'utf8'));
  const rings = doc.get('rings');
  if (!isMap(rings) || !rings.has(ring)) {
    throw new InputError(`${file} has no ${ring}`);
  }
  // Quoted, as the templates write tags: `1.10` must stay a string.
  const value = doc.createNode(tag) as Scalar;
  value.type = Scalar.QUOTE_SINGLE;
  rings.set(ring, value);
  fs.writeFileSync(full, doc.toString());
}

/** Sets `paused` in the tenant's promotions.yaml (created when missing). */
export function writePaused(root: string, tenantPath: string, paused: boolean) {
  const full = path.join(root, promotionsFile(tenantPath));
  const doc = fs.existsSync(full)
    ? parseDocument(fs.readFileSync(full, 'utf8'))
    : parseDocument('paused: false\n');
  doc.set('paused', paused);
  fs.writeFileSync(full, doc.toString());
}
