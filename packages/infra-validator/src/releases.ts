import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { relative } from './load';
import { Problems } from './problems';

type Json = Record<string, any>;

/** The upgrade rings of the cluster registry (platform-common's clusterRegistry). */
export const RINGS = ['ring-0', 'ring-1', 'ring-2'];

/**
 * A tenant's services files (tenants/<product>/services/<service>.yaml) are
 * where a version moves from ring to ring: the services ApplicationSet
 * gives each cluster the tag of its ring (docs/shipping.md). Each names its
 * image without a tag and a pinned tag for every ring (a missing ring would
 * give that ring's clusters an image with no tag); the tenant's
 * promotions.yaml says whether promotions are paused, as a boolean.
 */
export function checkReleases(
  infraDir: string,
  repoRoot: string,
  problems: Problems,
) {
  const tenants = path.join(infraDir, 'tenants');
  if (!fs.existsSync(tenants)) return;
  const read = (file: string): Json | undefined => {
    try {
      return parse(fs.readFileSync(file, 'utf8')) ?? {};
    } catch {
      return undefined; // reported by the parser already
    }
  };
  for (const product of fs.readdirSync(tenants)) {
    const dir = path.join(tenants, product, 'services');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f))) {
      const file = path.join(dir, name);
      const service = read(file);
      if (!service) continue;
      const add = (where: string, reason: string) =>
        problems.add(relative(repoRoot, file), where, reason);
      const image = service.image;
      if (
        typeof image !== 'string' ||
        !image ||
        /[:@]/.test(image.split('/').pop()!)
      )
        add(
          '/image',
          `${service.service}: image must name the repository without a tag or digest (the rings give the tag)`,
        );
      for (const ring of RINGS) {
        const tag = service.rings?.[ring];
        if (typeof tag !== 'string' || !/^[\w][\w.-]{0,127}$/.test(tag))
          add(
            `/rings/${ring}`,
            `${service.service} gives ${ring} no image tag: its clusters would run "${image}:" `,
          );
        else if (tag === 'latest')
          add(
            `/rings/${ring}`,
            `${service.service} gives ${ring} the tag latest: a ring runs a pinned version`,
          );
      }
    }
    const promotions = path.join(tenants, product, 'promotions.yaml');
    const settings = fs.existsSync(promotions) ? read(promotions) : undefined;
    if (
      !fs.existsSync(promotions) ||
      (settings && typeof settings.paused !== 'boolean')
    )
      problems.add(
        relative(repoRoot, promotions),
        '',
        `tenant ${product} needs promotions.yaml with paused: true or false (read by the product's promotion workflow)`,
      );
  }
}
