/**
 * The product's services as new-product renders them: the template's
 * service skeleton (templates/product/service) through the scaffolder's own
 * template engine (nunjitsu, as `fetch:template` configures it), with the
 * values new-product passes for the product's catalog entry. Only what runs
 * a service is rendered here (package.json and src/); the scaffolder
 * module's tests check it against a dry run of the real template.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../repoRoot';

/** The values new-product's "Render the services" step gives one service. */
export interface ServiceValues {
  name: string;
  title: string;
  description: string;
  service: string;
  kind: 'web' | 'api';
  kindTitle: 'frontend' | 'API';
}

const templateDir = path.join(repoRoot, 'templates/product/service');

/** What runs a service: its package.json and everything under src/. */
function runnableFiles(dir = templateDir, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(entry => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        return rel === 'src' || prefix ? runnableFiles(dir, rel) : [];
      }
      return prefix || entry.name === 'package.json' ? [rel] : [];
    })
    .sort();
}

/** The service's runnable files, rendered: path → contents. */
export function renderService(values: ServiceValues): Map<string, string> {
  // fetch:template's settings: regexes allowed, no trimBlocks/lstripBlocks
  // (new-product sets neither), the values under `values`.
  const renderer = createTemplateRenderer({ allowRegexExecution: true });
  const context = renderer.prepareContext({ values: { ...values } });
  return new Map(
    runnableFiles().map(file => [
      file,
      renderer.render(
        fs.readFileSync(path.join(templateDir, file), 'utf8'),
        context,
      ),
    ]),
  );
}

/**
 * The values for one of a product's services, from the product's catalog
 * entry (catalog/products/<product>.yaml): what new-product was given.
 */
export function serviceValues(product: string, service: string): ServiceValues {
  const file = path.join(repoRoot, 'catalog/products', `${product}.yaml`);
  const system = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .find(
      object => object?.kind === 'System' && object.metadata?.name === product,
    );
  if (!system) throw new Error(`${file} declares no System ${product}`);
  const kind = service.slice(product.length + 1);
  if (kind !== 'web' && kind !== 'api') {
    throw new Error(
      `${service}: the product template renders <product>-web and <product>-api, not "${kind}"`,
    );
  }
  return {
    name: product,
    title: system.metadata.title,
    description: system.metadata.description,
    service,
    kind,
    kindTitle: kind === 'web' ? 'frontend' : 'API',
  };
}
