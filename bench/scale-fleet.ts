/*
 * The generated fleet a `bench/scale.ts` round reads, in its own process:
 * the stand-ins build every object they list on each request, and at 30
 * clusters that work would otherwise sit on the event loop of the bench's
 * viewers and count in every latency they time. Started with SCALE_CLUSTERS
 * and SCALE_PRODUCTS; prints `{"url":…}` once it listens; answers the
 * parent over IPC: `requests` (calls so far by cluster and API) and
 * `down` (switch a cluster down). Not run on its own.
 */
import { generateScaleFleet, startScaleFleet } from '@internal/demo-fleet';

type Ask =
  | { id: number; type: 'requests' }
  | { id: number; type: 'down'; cluster: string };

async function main() {
  const shape = generateScaleFleet({
    clusters: Number(process.env.SCALE_CLUSTERS),
    products: Number(process.env.SCALE_PRODUCTS),
  });
  const fleet = await startScaleFleet({ shape });
  process.on('message', async (ask: Ask) => {
    const answer =
      ask.type === 'requests'
        ? fleet.requests()
        : await fleet.scenarios.set(ask.cluster, { down: true });
    process.send!({ id: ask.id, answer: answer ?? null });
  });
  process.on('disconnect', () => {
    fleet.stop().finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url: fleet.url })}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
