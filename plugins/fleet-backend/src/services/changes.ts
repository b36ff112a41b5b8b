import crypto from 'node:crypto';
import { EventsService } from '@backstage/plugin-events-node';
import { FleetChange } from '@internal/plugin-fleet-common';

/**
 * The events-bus topic on which a replica tells the others which cell it
 * read differently. Each replica keeps a copy of cells and assemblies in its
 * own memory (FleetReads, CellCache); this is how a copy made on one replica
 * is forgotten when another one reads the cell anew, before the page that
 * the same change's signal reloads asks for it.
 */
export const FLEET_CELL_CHANGED_TOPIC = 'trinity.fleet.cell-changed';

interface CellChanged extends FleetChange {
  /** The replica that read it (which has already acted on it). */
  origin: string;
}

/**
 * Tells the other replicas of a change (`publish`) and hears theirs
 * (`onRemote`). Each replica subscribes under its own id, as the signals
 * backend does, so every replica hears every change rather than one of
 * them taking it.
 */
export async function shareChanges(options: {
  events: EventsService;
  onRemote: (change: FleetChange) => void;
  onError: (error: unknown) => void;
}): Promise<{ publish: (change: FleetChange) => void }> {
  const instance = crypto.randomUUID();
  await options.events.subscribe({
    id: `fleet-cell-changes-${instance}`,
    topics: [FLEET_CELL_CHANGED_TOPIC],
    onEvent: async ({ eventPayload }) => {
      const { origin, ...change } = eventPayload as CellChanged;
      if (origin !== instance) options.onRemote(change);
    },
  });
  return {
    publish: change => {
      const eventPayload: CellChanged = { ...change, origin: instance };
      options.events
        .publish({ topic: FLEET_CELL_CHANGED_TOPIC, eventPayload })
        .catch(options.onError);
    },
  };
}
