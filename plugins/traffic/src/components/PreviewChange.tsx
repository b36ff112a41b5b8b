import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Preview, ProviderRecord } from '@internal/plugin-traffic-common';

function printable(record: ProviderRecord): string {
  return `${record.name} ${record.ttl ?? ''} ${record.content.join(' ')}`;
}

/**
 * The records that are one cluster's own: Route 53 and Cloudflare keep one
 * per cluster (its set identifier or pool), PowerDNS one LUA record for all.
 */
function recordsOf(records: ProviderRecord[], cluster: string) {
  return records.filter(
    record => record.setIdentifier === cluster || record.name.includes(cluster),
  );
}

function recordText(records: ProviderRecord[]): string {
  return records.map(record => record.content.join(' ')).join('; ');
}

/**
 * What a traffic change would do, as a table: per cluster, the weight and
 * the cluster's own provider record before → after; the provider's raw
 * records behind a disclosure, for whoever wants to check them.
 */
export function PreviewChange(props: { preview: Preview }) {
  const { preview } = props;
  const clusters = Object.keys(preview.weightsAfter);
  const perCluster = clusters.some(
    cluster => recordsOf(preview.recordsBefore, cluster).length > 0,
  );
  return (
    <>
      <Table size="small" aria-label="the change" data-testid="preview-weights">
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>Weight</TableCell>
            {perCluster && <TableCell>Record</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {clusters.map(cluster => {
            const before = preview.weightsBefore[cluster];
            const after = preview.weightsAfter[cluster];
            const changed = before !== after;
            const recordBefore = recordText(
              recordsOf(preview.recordsBefore, cluster),
            );
            const recordAfter = recordText(
              recordsOf(preview.recordsAfter, cluster),
            );
            return (
              <TableRow key={cluster} data-testid={`preview-row-${cluster}`}>
                <TableCell>{cluster}</TableCell>
                <TableCell
                  style={{ fontWeight: changed ? 600 : undefined }}
                  data-testid={`preview-weight-${cluster}`}
                >
                  {changed ? `${before ?? 0} → ${after}` : `${after} (same)`}
                </TableCell>
                {perCluster && (
                  <TableCell>
                    {recordBefore === recordAfter
                      ? recordAfter || '—'
                      : `${recordBefore || '(none)'} → ${
                          recordAfter || '(none)'
                        }`}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {!perCluster && (
        <Typography variant="caption" component="p">
          The provider keeps one record for every cluster; its text is below.
        </Typography>
      )}
      <details data-testid="preview-records">
        <summary>
          <Typography variant="caption">
            Provider records, as written (before and after)
          </Typography>
        </summary>
        <Typography variant="caption">Before</Typography>
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 11, margin: 0 }}>
          {preview.recordsBefore.map(printable).join('\n') || '(none)'}
        </pre>
        <Typography variant="caption">After</Typography>
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 11, margin: 0 }}>
          {preview.recordsAfter.map(printable).join('\n') || '(none)'}
        </pre>
      </details>
    </>
  );
}
