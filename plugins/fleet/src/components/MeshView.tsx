import { Typography } from '@material-ui/core';
import {
  cellDataOf,
  FleetCell,
  MeshCellData,
} from '@internal/plugin-fleet-common';
import { Words } from '@internal/plugin-platform-react';

/**
 * The mesh cell in a few words per line, so the column stays narrow: what
 * is wrong, one line each; the summary (its title) says it in full.
 */
export function meshWords(data: MeshCellData): string[] {
  if (!data.istio) return ['Istio not installed'];
  const words: string[] = [];
  if (!data.ambient) {
    words.push(
      data.dataplaneMode === undefined
        ? 'not in the ambient mesh'
        : `dataplane mode ${data.dataplaneMode}, not ambient`,
    );
  }
  if (data.mtls.mode !== 'STRICT') {
    words.push(
      data.mtls.from
        ? `mTLS ${data.mtls.mode}`
        : `mTLS ${data.mtls.mode} (no PeerAuthentication)`,
    );
  }
  for (const exception of data.exceptions) {
    words.push(
      `${exception.name}: ${exception.mode}${
        exception.ports ? ` on ${exception.ports.join(', ')}` : ''
      }`,
    );
  }
  return words.length > 0 ? words : ['ambient · mTLS STRICT'];
}

/** The mesh column's detail: ambient and STRICT, or why not; else the summary. */
export const MeshView = ({ cell }: { cell: FleetCell }) => {
  const data = cellDataOf(cell, 'mesh');
  if (!data) {
    return (
      <Typography variant="body2" component="span">
        <Words text={cell.summary} />
      </Typography>
    );
  }
  return (
    <div title={cell.summary} data-testid="mesh-words">
      {meshWords(data).map(line => (
        <Typography key={line} variant="body2">
          {line}
        </Typography>
      ))}
    </div>
  );
};
