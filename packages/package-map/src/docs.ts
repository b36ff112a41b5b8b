import fs from 'node:fs';
import path from 'node:path';
import { WorkspacePackage } from './workspace';

/** The text of one `## heading` section of a Markdown file. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + heading.length + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/**
 * Packages a reader cannot find where the repository says they are listed:
 * the package diagram (docs/architecture.md, "Packages"), the plugin table
 * (plugins/README.md) for plugins/, the repository map (docs/repository.md)
 * for packages/. A package is named by its folder.
 */
export function undocumented(
  packages: WorkspacePackage[],
  root: string,
): string[] {
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
  const diagram = section(read('docs/architecture.md'), 'Packages');
  const pluginTable = read('plugins/README.md');
  const repositoryMap = read('docs/repository.md');
  const named = (text: string, folder: string) =>
    new RegExp(`(^|[^\\w-])${folder}($|[^\\w-])`, 'm').test(text);
  return packages.flatMap(pkg => {
    const folder = path.basename(pkg.dir);
    const missing: string[] = [];
    if (!named(diagram, folder)) {
      missing.push(
        `${pkg.dir} is not in docs/architecture.md's package diagram`,
      );
    }
    if (pkg.dir.startsWith('plugins/') && !named(pluginTable, folder)) {
      missing.push(`${pkg.dir} is not in plugins/README.md`);
    }
    if (pkg.dir.startsWith('packages/') && !named(repositoryMap, folder)) {
      missing.push(`${pkg.dir} is not in docs/repository.md`);
    }
    return missing;
  });
}
