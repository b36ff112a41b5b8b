import fs from 'node:fs';
import path from 'node:path';

/** A workspace package as the map sees it. */
export interface WorkspacePackage {
  name: string;
  /** `plugins/fleet-backend`, relative to the repository root. */
  dir: string;
  /** Backstage's package role (`common-library`, `backend-plugin`, …). */
  role: string;
  /** Workspace packages it depends on at run time. */
  dependencies: string[];
  /** Workspace packages it needs only to build or test. */
  devDependencies: string[];
}

const WORKSPACE_FOLDERS = ['packages', 'plugins'];

/** Every workspace package under packages/ and plugins/. */
export function readWorkspace(root: string): WorkspacePackage[] {
  const manifests = WORKSPACE_FOLDERS.flatMap(folder =>
    fs
      .readdirSync(path.join(root, folder))
      .map(entry => path.join(folder, entry))
      .filter(dir => fs.existsSync(path.join(root, dir, 'package.json'))),
  );
  const read = manifests.map(dir => ({
    dir,
    json: JSON.parse(
      fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
    ),
  }));
  const names = new Set(read.map(manifest => manifest.json.name as string));
  const internal = (deps?: Record<string, string>) =>
    Object.keys(deps ?? {})
      .filter(dep => names.has(dep))
      .sort();
  return read.map(({ dir, json }) => ({
    name: json.name,
    dir,
    role: json.backstage?.role ?? 'none',
    dependencies: internal(json.dependencies),
    devDependencies: internal(json.devDependencies),
  }));
}
