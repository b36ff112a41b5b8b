/*
 * The portal's own docs have no broken internal link, nav entry or runbook
 * section that the plugins link to; and the checker finds each kind of
 * breakage in a small site made to have it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUNBOOKS } from '@internal/plugin-platform-common';
import { anchorsOf, checkDocs, slugify } from './links';

const repoRoot = path.resolve(__dirname, '../../..');

function site(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-links-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return path.join(dir, 'mkdocs.yml');
}

describe('the portal docs', () => {
  it('have no broken internal link, and every runbook section the plugins link to exists', () => {
    expect(
      checkDocs({
        mkdocsFile: path.join(repoRoot, 'mkdocs.yml'),
        extraLinks: Object.fromEntries(
          Object.entries(RUNBOOKS).map(([k, v]) => [`RUNBOOKS.${k}`, v]),
        ),
      }),
    ).toEqual([]);
  });
});

describe('checkDocs', () => {
  const mkdocs = site({
    'mkdocs.yml':
      'nav:\n  - index.md\n  - Runbooks:\n      - runbooks/down.md\n  - gone.md\n',
    'docs/index.md': [
      '# Home',
      'See [down](runbooks/down.md#drain), [restore](runbooks/down.md#restore),',
      '[nowhere](missing.md), [self](#home), [ext](https://example.invalid/x).',
      '![a picture](images/shot.png) ![no picture](images/gone.png)',
      '`[code](not-checked.md)`',
      '',
    ].join('\n'),
    'docs/runbooks/down.md':
      '# Down\n\n## Drain\n\nBack [home](../index.md).\n',
    'docs/orphan.md': '# Orphan\n',
    'docs/images/shot.png': 'not really a png',
  });

  it('finds missing pages, files, headings, nav entries and orphans', () => {
    expect(
      checkDocs({
        mkdocsFile: mkdocs,
        extraLinks: { ok: 'runbooks/down/#drain', bad: 'runbooks/down/#undo' },
      }),
    ).toEqual([
      {
        file: 'index.md',
        link: 'runbooks/down.md#restore',
        reason: 'runbooks/down.md has no heading #restore',
      },
      { file: 'index.md', link: 'missing.md', reason: 'no page missing.md' },
      {
        file: 'index.md',
        link: 'images/gone.png',
        reason: 'no file images/gone.png',
      },
      { file: 'mkdocs.yml', link: 'gone.md', reason: 'no page gone.md' },
      {
        file: 'mkdocs.yml',
        link: 'orphan.md',
        reason: 'the page is not in the nav',
      },
      {
        file: 'bad',
        link: 'runbooks/down/#undo',
        reason: 'runbooks/down.md has no heading #undo',
      },
    ]);
  });

  it('slugs headings as MkDocs does', () => {
    expect(slugify('The DNS provider does not answer')).toBe(
      'the-dns-provider-does-not-answer',
    );
    expect(slugify('Applying it to real accounts, in order')).toBe(
      'applying-it-to-real-accounts-in-order',
    );
    expect(slugify('One Argo CD per cluster, or a central one')).toBe(
      'one-argo-cd-per-cluster-or-a-central-one',
    );
    expect([
      ...anchorsOf('# A\n```\n# not a heading\n```\n## B `c`\n'),
    ]).toEqual(['a', 'b-c']);
  });
});
