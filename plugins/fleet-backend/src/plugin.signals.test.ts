/*
 * Live pages: a cell whose reading changes is published as a Backstage
 * signal on the channels of every page that shows it (the entity's, the
 * cluster's, the overview's); a cell that reads the same is not; a signal
 * names the cell, never its content.
 */
import request from 'supertest';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  FleetRefreshRequest,
  fleetRefreshTopic,
} from '@internal/plugin-fleet-common';
import { fleetTest, path, user } from './__testUtils__/fleetBackend';

const BASE = 19700;
const t = fleetTest(BASE);
const ENTITY = 'component:default/storefront-api';
const GCP = 'gcp-euw1-prod-01';

function recorder() {
  const sent: SignalPayload[] = [];
  return {
    signals: {
      publish: async (signal: SignalPayload) => void sent.push(signal),
    },
    sent,
    /** The channels published for one cell since the last `clear()`. */
    channelsFor: (cluster: string, source: string) =>
      sent
        .filter(
          signal =>
            signal.message.cluster === cluster &&
            signal.message.source === source,
        )
        .map(signal => signal.channel)
        .sort(),
    clear: () => sent.splice(0),
  };
}

it('publishes a changed cell on its entity, cluster and overview channels, and an unchanged one not at all', async () => {
  const seen = recorder();
  // Fresh for no time: every look reads the cluster again.
  const { server } = await t.backend({
    signals: seen.signals,
    freshSeconds: 0,
    clusterReadSeconds: 0,
  });
  expect((await request(server).get(path).set(user)).status).toBe(200);
  // First readings are news to every open page.
  expect(seen.channelsFor(GCP, 'argocd')).toEqual([
    `fleet:cluster:${GCP}`,
    `fleet:entity:${ENTITY}`,
    'fleet:overview',
  ]);
  // Everything about a signal: which cell, broadcast, no status or summary.
  expect(seen.sent[0]).toEqual({
    recipients: { type: 'broadcast' },
    channel: expect.stringMatching(/^fleet:/),
    message: {
      entityRef: ENTITY,
      cluster: expect.any(String),
      source: expect.any(String),
    },
  });

  seen.clear();
  await t.fleet.scenarios.set(GCP, { down: true });
  // A stale cell is re-read in the background; the signal is what tells
  // the page, so wait for it rather than for the answer.
  await request(server).get(path).set(user);
  const deadline = Date.now() + 10_000;
  while (!seen.channelsFor(GCP, 'argocd').length && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  expect(seen.channelsFor(GCP, 'argocd')).toEqual([
    `fleet:cluster:${GCP}`,
    `fleet:entity:${ENTITY}`,
    'fleet:overview',
  ]);
  // aws's Argo CD answered as before: nothing to tell.
  expect(seen.channelsFor('aws-use1-prod-01', 'argocd')).toEqual([]);
});

it('reads a source again at once when another family asks (the events topic), fresh cell or not', async () => {
  // An events service that keeps its subscribers, so the test can publish.
  const subscribers: Array<(event: any) => Promise<void>> = [];
  const events = {
    publish: async (event: any) => {
      for (const onEvent of subscribers) await onEvent(event);
    },
    subscribe: async (options: any) => {
      if (options.topics.includes(fleetRefreshTopic)) {
        subscribers.push(options.onEvent);
      }
    },
  };
  const seen = recorder();
  const { server } = await t.backend({
    signals: seen.signals,
    events: events as any,
    freshSeconds: 60,
  });
  const argocdOf = async (cluster: string) =>
    (await request(server).get(path).set(user)).body.rows.find(
      (row: any) => row.cluster.name === cluster,
    ).cells.argocd;
  expect((await argocdOf(GCP)).status).toBe('ok');
  await t.fleet.scenarios.set(GCP, { degraded: true });
  // Fresh for a minute: without a request the page keeps the old cell.
  expect((await argocdOf(GCP)).status).toBe('ok');
  seen.clear();
  const refresh: FleetRefreshRequest = { entityRef: ENTITY, source: 'argocd' };
  await events.publish({ topic: fleetRefreshTopic, eventPayload: refresh });
  expect((await argocdOf(GCP)).status).not.toBe('ok');
  // And the pages showing it were told.
  expect(seen.channelsFor(GCP, 'argocd')).toContain(`fleet:entity:${ENTITY}`);
});
