/**
 * A merged product's services, from its own repository on the forge
 * (`<team>/<product>`, where new-product pushed them): each
 * `services/<service>/` of the default branch, checked out where the demo
 * runs services (inside this repository, so their OpenTelemetry imports
 * resolve from its node_modules), one directory per commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../repoRoot';
import { checkout, headOf } from './infraRepo';

export function checkoutServices(
  forgeDir: string,
  team: string,
  product: string,
  services: string[],
): Map<string, string> {
  const gitDir = path.join(forgeDir, team, `${product}.git`);
  const head = fs.existsSync(gitDir) ? headOf(gitDir) : undefined;
  if (!head) {
    throw new Error(
      `${product}'s repository ${team}/${product} has no default branch on the forge`,
    );
  }
  const source = checkout(gitDir, head, ['services']);
  try {
    return new Map(
      services.map(service => {
        const from = path.join(source, 'services', service);
        if (!fs.existsSync(path.join(from, 'src/main.ts'))) {
          throw new Error(
            `${team}/${product} has no services/${service}/src/main.ts to run`,
          );
        }
        const dir = path.join(
          repoRoot,
          '.trinity-data/product/synced',
          `${service}@${head.slice(0, 12)}`,
        );
        if (!fs.existsSync(dir)) {
          fs.mkdirSync(path.dirname(dir), { recursive: true });
          fs.cpSync(from, `${dir}.${process.pid}.tmp`, { recursive: true });
          fs.renameSync(`${dir}.${process.pid}.tmp`, dir);
        }
        return [service, dir];
      }),
    );
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
}
