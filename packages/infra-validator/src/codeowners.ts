import fs from 'node:fs';
import path from 'node:path';
import { Problems } from './problems';

/** The team whose review every change of the infra repo needs. */
export const PLATFORM_OWNER = '@platform/platform-runtime';

/** A CODEOWNERS pattern (gitignore-like, as the forge reads it) as a regexp. */
function patternRegExp(pattern: string): RegExp {
  const anchored =
    pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  const body = pattern
    .replace(/^\//, '')
    .replace(/\/$/, '/**')
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/.*)?$`);
}

/** The owners of a path: those of the last line that matches it. */
export function ownersOf(codeowners: string, file: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [pattern, ...who] = trimmed.split(/\s+/);
    if (patternRegExp(pattern).test(file)) owners = who;
  }
  return owners;
}

/**
 * An infra repo (it holds `argocd/projects/`) has a CODEOWNERS at its root, and every tenant, the
 * AppProjects and the policies are owned by the platform team alone (a
 * second owner on a line could approve without it).
 */
export function checkCodeowners(
  infraDir: string,
  repoRoot: string,
  problems: Problems,
) {
  // Only an infra repo (one that holds the AppProjects) is held to this; the
  // validator also checks product repositories' manifests.
  if (!fs.existsSync(path.join(infraDir, 'argocd', 'projects'))) return;
  const file = path.join(infraDir, 'CODEOWNERS');
  const rel = path.relative(repoRoot, file).split(path.sep).join('/');
  if (!fs.existsSync(file)) {
    problems.add(
      rel,
      '',
      `the infra repo has no CODEOWNERS: nothing makes ${PLATFORM_OWNER} review tenants' changes`,
    );
    return;
  }
  const text = fs.readFileSync(file, 'utf8');
  const tenantsDir = path.join(infraDir, 'tenants');
  const products = fs.existsSync(tenantsDir)
    ? fs
        .readdirSync(tenantsDir)
        .filter(p => fs.statSync(path.join(tenantsDir, p)).isDirectory())
    : [];
  const paths = [
    ...products.flatMap(p => [
      `tenants/${p}/appset/applicationsets.yaml`,
      `tenants/${p}/base/kustomization.yaml`,
    ]),
    'argocd/projects/platform.yaml',
    'kyverno/policies/kustomization.yaml',
  ];
  for (const p of paths) {
    const owners = ownersOf(text, p);
    if (owners.length !== 1 || owners[0] !== PLATFORM_OWNER) {
      problems.add(
        rel,
        '',
        `${p} is owned by ${
          owners.join(' ') || 'nobody'
        }: it must be ${PLATFORM_OWNER} alone (any one owner of a line may approve)`,
      );
    }
  }
}
