import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface LinkProblem {
  /** The file with the link, relative to the docs directory (or mkdocs.yml). */
  file: string;
  link: string;
  reason: string;
}

/**
 * MkDocs' heading ids (Python-Markdown's toc `slugify`): lowercase, drop
 * everything but word characters, spaces and hyphens, spaces to hyphens.
 */
export function slugify(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-');
}

/** A Markdown file without its fenced code blocks. */
const withoutFences = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** The text links are read from: no code blocks, no inline code. */
const prose = (text: string) => withoutFences(text).replace(/`[^`\n]*`/g, '');

/** The anchors of a Markdown file's headings. */
export function anchorsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    out.add(slugify(match[1]));
  }
  return out;
}

function markdownFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(entry => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return markdownFiles(dir, rel);
      return entry.name.endsWith('.md') ? [rel] : [];
    });
}

/** The page a link's path names, relative to the docs directory, or undefined. */
function pageOf(docsDir: string, from: string, target: string) {
  const rel = path.posix.normalize(
    path.posix.join(path.posix.dirname(from), target),
  );
  if (rel.startsWith('..')) return undefined;
  const candidates = rel.endsWith('/')
    ? [`${rel}index.md`, `${rel.slice(0, -1)}.md`]
    : [rel, `${rel}.md`, `${rel}/index.md`];
  return candidates.find(
    candidate =>
      candidate.endsWith('.md') && fs.existsSync(path.join(docsDir, candidate)),
  );
}

/** Checks one link (`page.md#anchor`, `dir/page/#anchor`, `#anchor`, `images/x.png`) from a page. */
function checkLink(
  docsDir: string,
  from: string,
  link: string,
): string | undefined {
  const [target, anchor] = link.split('#', 2);
  // A picture or any other file the docs carry: it exists, or it is broken.
  if (target && /\.[a-z0-9]+$/i.test(target) && !target.endsWith('.md')) {
    const file = path.posix.normalize(
      path.posix.join(path.posix.dirname(from), target),
    );
    return !file.startsWith('..') && fs.existsSync(path.join(docsDir, file))
      ? undefined
      : `no file ${target}`;
  }
  const page = target ? pageOf(docsDir, from, target) : from;
  if (!page) return `no page ${target}`;
  if (anchor === undefined || anchor === '') return undefined;
  const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
  return anchorsOf(text).has(anchor)
    ? undefined
    : `${page} has no heading #${anchor}`;
}

/** Every page the nav names (nested lists of `title: page` or bare pages). */
function navPages(nav: unknown): string[] {
  if (typeof nav === 'string') return [nav];
  if (Array.isArray(nav)) return nav.flatMap(navPages);
  if (nav && typeof nav === 'object') {
    return Object.values(nav).flatMap(navPages);
  }
  return [];
}

/**
 * Every broken internal link of a MkDocs site: Markdown links between
 * pages and to headings, the nav, and `extraLinks` (links into the site
 * from code, relative to its root, e.g. `runbooks/cluster-down/#drain`).
 */
export function checkDocs(options: {
  mkdocsFile: string;
  extraLinks?: Record<string, string>;
}): LinkProblem[] {
  const mkdocs = parse(fs.readFileSync(options.mkdocsFile, 'utf8'));
  const docsDir = path.join(
    path.dirname(options.mkdocsFile),
    mkdocs.docs_dir ?? 'docs',
  );
  const problems: LinkProblem[] = [];
  const pages = markdownFiles(docsDir);
  for (const page of pages) {
    const text = prose(fs.readFileSync(path.join(docsDir, page), 'utf8'));
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const link = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('/')) continue;
      const reason = checkLink(docsDir, page, link);
      if (reason) problems.push({ file: page, link, reason });
    }
  }
  const inNav = navPages(mkdocs.nav ?? []);
  for (const navPage of inNav) {
    if (!fs.existsSync(path.join(docsDir, navPage))) {
      problems.push({
        file: 'mkdocs.yml',
        link: navPage,
        reason: `no page ${navPage}`,
      });
    }
  }
  for (const page of pages.filter(file => !inNav.includes(file))) {
    problems.push({
      file: 'mkdocs.yml',
      link: page,
      reason: 'the page is not in the nav',
    });
  }
  for (const [name, link] of Object.entries(options.extraLinks ?? {})) {
    const reason = checkLink(docsDir, 'index.md', link);
    if (reason) problems.push({ file: name, link, reason });
  }
  return problems;
}
