// Starts ${{ values.service }} on PORT (default 8080) and shuts it down
// gracefully on SIGTERM: /readyz turns 503 so the load balancer stops
// sending traffic, in-flight requests finish, then the process exits.
import { createApp, SERVICE } from './server.ts';
import { startTracing, stopTracing } from './tracing.ts';

await startTracing(SERVICE);
const app = createApp();
app.server.listen(Number(process.env.PORT ?? 8080), () => {
  console.log(
    JSON.stringify({
      msg: 'listening',
      service: SERVICE,
      port: process.env.PORT ?? 8080,
    }),
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    console.log(JSON.stringify({ msg: 'shutting down', signal }));
    await app.shutdown(Number(process.env.SHUTDOWN_GRACE_MS ?? 10000));
    await stopTracing();
    process.exit(0);
  });
}
