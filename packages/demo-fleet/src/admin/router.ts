import express from 'express';
import { DemoCluster } from '../fleet';
import { parseScenario, ScenarioStore } from '../scenario';

/** The demo fleet's own control API: which cluster is broken, and how. */
export function adminRouter(
  clusters: DemoCluster[],
  scenarios: ScenarioStore,
  requests: () => Record<string, Record<string, number>> = () => ({}),
) {
  const router = express.Router();
  router.use(express.json());

  router.get('/clusters', (_req, res) => {
    res.json({
      items: clusters.map(cluster => ({
        ...cluster,
        scenario: scenarios.get(cluster.name),
      })),
    });
  });

  // Requests served per cluster and API since start: the load the portal puts on the fleet.
  router.get('/requests', (_req, res) => {
    res.json(requests());
  });

  router.get('/scenarios', (_req, res) => {
    res.json(scenarios.all());
  });

  router.put('/clusters/:name/scenario', async (req, res) => {
    const name = req.params.name;
    if (!scenarios.has(name)) {
      res.status(404).json({
        error: `unknown cluster "${name}" (known: ${clusters
          .map(cluster => cluster.name)
          .join(', ')})`,
      });
      return;
    }
    const parsed = parseScenario(req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    res.json(await scenarios.set(name, parsed.value));
  });

  router.post('/reset', async (_req, res) => {
    await scenarios.reset();
    res.json(scenarios.all());
  });

  return router;
}
