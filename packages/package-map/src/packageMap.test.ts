import path from 'node:path';
import { undocumented } from './docs';
import { cycles, roleViolations } from './rules';
import { readWorkspace, WorkspacePackage } from './workspace';

const root = path.resolve(__dirname, '../../..');

const pkg = (
  name: string,
  role: string,
  dependencies: string[] = [],
  devDependencies: string[] = [],
  dir = `plugins/${name}`,
): WorkspacePackage => ({ name, dir, role, dependencies, devDependencies });

describe('the package map of this repository', () => {
  const packages = readWorkspace(root);

  it('reads every workspace package', () => {
    expect(packages.map(p => p.name)).toEqual(
      expect.arrayContaining([
        '@internal/plugin-fleet-common',
        '@internal/plugin-traffic-backend',
        '@internal/plugin-forge-common',
        '@internal/plugin-platform-react',
        'backend',
        'app',
      ]),
    );
  });

  it('keeps every role to what it may depend on', () => {
    expect(roleViolations(packages)).toEqual([]);
  });

  it('has no dependency cycle, devDependencies included', () => {
    expect(cycles(packages)).toEqual([]);
  });

  it('names every package in the package diagram and the package tables', () => {
    expect(undocumented(packages, root)).toEqual([]);
  });
});

describe('the rules themselves', () => {
  it('refuses a -common that reaches for a -node, a frontend that reaches for a backend, a backend that imports another backend', () => {
    expect(
      roleViolations([
        pkg('a-common', 'common-library', ['a-node']),
        pkg('a-node', 'node-library', ['a-common']),
        pkg('a-backend', 'backend-plugin', ['a-node', 'b-backend']),
        pkg('b-backend', 'backend-plugin'),
        pkg('a', 'frontend-plugin', ['a-common', 'a-backend']),
      ]),
    ).toEqual([
      'a-common (common-library) depends on a-node (node-library); a common-library may depend on common-library only',
      'a-backend (backend-plugin) depends on b-backend (backend-plugin); a backend-plugin may depend on common-library, node-library only',
      'a (frontend-plugin) depends on a-backend (backend-plugin); a frontend-plugin may depend on common-library, web-library only',
    ]);
  });

  it('refuses a plugin that depends on a tool at run time, not in its tests', () => {
    const tool = pkg('demo', 'node-library', [], [], 'packages/demo');
    expect(
      roleViolations([
        tool,
        pkg('x-node', 'node-library', ['demo']),
        pkg('y-node', 'node-library', [], ['demo']),
      ]),
    ).toEqual(['x-node (node-library) depends on the tool demo']);
  });

  it('finds a cycle through a devDependency', () => {
    expect(
      cycles([
        pkg('module', 'backend-plugin-module', ['common'], ['demo']),
        pkg('demo', 'node-library', ['module'], [], 'packages/demo'),
        pkg('common', 'common-library'),
      ]),
    ).toEqual([['demo', 'module', 'demo']]);
  });
});
