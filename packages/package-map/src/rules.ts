import { WorkspacePackage } from './workspace';

/**
 * What a package of each role may depend on at run time, among the
 * workspace's own packages (ADR 0009). Roles not listed (the app, the
 * backend, the tools under packages/) may depend on anything.
 */
export const ALLOWED: Record<string, string[]> = {
  // Contracts only: types, pure rules, permissions, clients.
  'common-library': ['common-library'],
  // Frontends see contracts and the shared frontend pieces, never a backend.
  'frontend-plugin': ['common-library', 'web-library'],
  'web-library': ['common-library', 'web-library'],
  // What backends share: contracts and other shared backend pieces.
  'node-library': ['common-library', 'node-library'],
  // Backends and modules meet through -node extension points and HTTP,
  // never by importing another plugin's backend package.
  'backend-plugin': ['common-library', 'node-library'],
  'backend-plugin-module': ['common-library', 'node-library'],
};

/** Product code lives in plugins/; packages/ holds the app, backend and tools. */
const isPlugin = (pkg: WorkspacePackage) => pkg.dir.startsWith('plugins/');

/** Every dependency that breaks the role rules, in words. */
export function roleViolations(packages: WorkspacePackage[]): string[] {
  const byName = new Map(packages.map(pkg => [pkg.name, pkg]));
  return packages.filter(isPlugin).flatMap(pkg => {
    const allowed = ALLOWED[pkg.role];
    if (!allowed) return [];
    return pkg.dependencies.flatMap(dep => {
      const target = byName.get(dep)!;
      if (!isPlugin(target)) {
        return [`${pkg.name} (${pkg.role}) depends on the tool ${dep}`];
      }
      return allowed.includes(target.role)
        ? []
        : [
            `${pkg.name} (${pkg.role}) depends on ${dep} (${target.role}); a ${
              pkg.role
            } may depend on ${allowed.join(', ')} only`,
          ];
    });
  });
}

/**
 * Dependency cycles, counting what is needed to build and test too: a
 * cycle through a devDependency still means neither side can be built or
 * tested first.
 */
export function cycles(packages: WorkspacePackage[]): string[][] {
  const edges = new Map(
    packages.map(pkg => [
      pkg.name,
      [...pkg.dependencies, ...pkg.devDependencies],
    ]),
  );
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'open');
    stack.push(name);
    for (const next of edges.get(name) ?? []) {
      if (state.get(next) === 'open') {
        found.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of [...edges.keys()].sort()) {
    if (!state.has(name)) visit(name);
  }
  return found;
}
