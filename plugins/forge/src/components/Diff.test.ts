import { fileAnchor, splitDiff } from './Diff';

describe('splitDiff', () => {
  it('splits git diff output by file, keeping each file its lines', () => {
    const diff = [
      'diff --git a/tenants/gift/base/ns.yaml b/tenants/gift/base/ns.yaml',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/tenants/gift/base/ns.yaml',
      '@@ -0,0 +1 @@',
      '+kind: Namespace',
      'diff --git a/README.md b/README.md',
      '@@ -1 +1 @@',
      '-old',
      '+new',
    ].join('\n');
    expect(splitDiff(diff)).toEqual([
      {
        path: 'tenants/gift/base/ns.yaml',
        lines: [
          'new file mode 100644',
          '--- /dev/null',
          '+++ b/tenants/gift/base/ns.yaml',
          '@@ -0,0 +1 @@',
          '+kind: Namespace',
        ],
      },
      { path: 'README.md', lines: ['@@ -1 +1 @@', '-old', '+new'] },
    ]);
    expect(splitDiff('')).toEqual([]);
  });

  it('makes an anchor of a path', () => {
    expect(fileAnchor('tenants/gift/base/ns.yaml')).toBe(
      'file-tenants-gift-base-ns-yaml',
    );
  });
});
