import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { FleetRow } from '@internal/plugin-fleet-common';
import { RingService, versionsByRing } from './ringVersions';

const Note = ({ children }: { children: ReactNode }) => (
  <Typography variant="caption" display="block" color="textSecondary">
    {children}
  </Typography>
);

const ServiceLine = ({ service }: { service: RingService }) => (
  <div>
    <Typography variant="body2" component="span">
      {service.name} <strong>{service.stable.join(' and ')}</strong>
      {service.stable.length > 1 && ' (the ring is split)'}
    </Typography>
    {service.canaries.map(canary => (
      <Note key={`${canary.cluster}/${canary.tag}`}>
        {canary.tag} on {canary.cluster}: {canary.words}
      </Note>
    ))}
  </div>
);

/**
 * Which version runs in which upgrade ring (docs/shipping.md): the stable
 * tag of each service's Rollout on the ring's clusters, and any canary in
 * progress there. Read from the rollout cells of the rows below, so it is
 * exactly as fresh as they are.
 */
export const RingVersions = ({ rows }: { rows: readonly FleetRow[] }) => {
  const rings = versionsByRing(rows);
  if (rings.every(ring => ring.services.length === 0)) return null;
  return (
    <div data-testid="ring-versions" style={{ marginBottom: 16 }}>
      <Typography variant="subtitle2">Version by ring</Typography>
      <Table size="small" aria-label="version by ring">
        <TableHead>
          <TableRow>
            <TableCell>Ring</TableCell>
            <TableCell>Clusters</TableCell>
            <TableCell>Runs</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rings.map(ring => (
            <TableRow key={ring.ring} data-testid={`ring-${ring.ring}`}>
              <TableCell>{ring.ring}</TableCell>
              <TableCell>{ring.clusters.join(', ')}</TableCell>
              <TableCell>
                {ring.services.map(service => (
                  <ServiceLine key={service.name} service={service} />
                ))}
                {ring.unknown.map(({ cluster, why }) => (
                  <Note key={cluster}>
                    {cluster}: version unknown ({why})
                  </Note>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
