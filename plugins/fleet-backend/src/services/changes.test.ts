import { EventParams } from '@backstage/plugin-events-node';
import { FleetChange } from '@internal/plugin-fleet-common';
import { FLEET_CELL_CHANGED_TOPIC, shareChanges } from './changes';

/** A bus two replicas share: every subscriber hears every event. */
function bus() {
  const subscribers: Array<{
    id: string;
    topics: string[];
    onEvent: (event: EventParams) => Promise<void>;
  }> = [];
  return {
    subscribers,
    events: {
      subscribe: async (subscriber: (typeof subscribers)[number]) => {
        subscribers.push(subscriber);
      },
      publish: async (event: EventParams) => {
        for (const subscriber of subscribers) {
          if (subscriber.topics.includes(event.topic)) {
            await subscriber.onEvent(event);
          }
        }
      },
    } as any,
  };
}

describe('shareChanges', () => {
  it('tells every other replica of a change, not the one that read it', async () => {
    const shared = bus();
    const heard: Record<string, FleetChange[]> = { a: [], b: [], c: [] };
    const replicas = Object.fromEntries(
      await Promise.all(
        ['a', 'b', 'c'].map(
          async name =>
            [
              name,
              await shareChanges({
                events: shared.events,
                onRemote: change => heard[name].push(change),
                onError: error => {
                  throw error;
                },
              }),
            ] as const,
        ),
      ),
    );
    // Each under its own id: a bus that gives one event to one subscriber
    // per id still tells all of them.
    expect(new Set(shared.subscribers.map(one => one.id)).size).toBe(3);
    expect(shared.subscribers[0].topics).toEqual([FLEET_CELL_CHANGED_TOPIC]);

    const change = {
      entityRef: 'system:default/storefront',
      cluster: 'gcp-euw1-prod-01',
      source: 'argocd',
    };
    replicas.a.publish(change);
    await new Promise(resolve => setImmediate(resolve));
    expect(heard).toEqual({ a: [], b: [change], c: [change] });
  });
});
