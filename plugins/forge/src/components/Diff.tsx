import { Typography } from '@material-ui/core';

/** One file's part of a unified diff. */
export interface FileDiff {
  path: string;
  lines: string[];
}

/** Splits `git diff` output by file ("diff --git a/x b/x" starts each). */
export function splitDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  for (const line of diff.split('\n')) {
    const header = line.match(/^diff --git a\/(.+) b\/(.+)$/);
    if (header) files.push({ path: header[2], lines: [] });
    else if (files.length > 0) files[files.length - 1].lines.push(line);
  }
  return files;
}

/** The anchor of a file's diff on the page, for the file list's links. */
export const fileAnchor = (path: string) =>
  `file-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const lineStyle = (line: string) => {
  if (line.startsWith('+++') || line.startsWith('---'))
    return { color: '#555' };
  if (line.startsWith('+')) return { background: '#e6ffec', color: '#116329' };
  if (line.startsWith('-')) return { background: '#ffebe9', color: '#82071e' };
  if (line.startsWith('@@')) return { background: '#ddf4ff', color: '#0a3069' };
  return undefined;
};

/** A pull request's diff, one block per file, added and removed lines coloured. */
export const Diff = (props: { diff: string }) => (
  <div data-testid="forge-diff">
    {splitDiff(props.diff).map(file => (
      <section key={file.path} id={fileAnchor(file.path)}>
        <Typography
          variant="subtitle2"
          component="h3"
          style={{ marginTop: 16 }}
        >
          <code>{file.path}</code>
        </Typography>
        <pre
          style={{
            overflowX: 'auto',
            fontSize: 12,
            margin: 0,
            border: '1px solid #d0d7de',
            borderRadius: 4,
          }}
        >
          {file.lines
            .filter(
              line => !/^(index |new file mode|deleted file mode)/.test(line),
            )
            .map((line, index) => (
              <div key={index} style={lineStyle(line)}>
                {line || ' '}
              </div>
            ))}
        </pre>
      </section>
    ))}
  </div>
);
