import express from 'express';
import { DemoCluster } from '../fleet';
import { parseScenario, ScenarioStore } from '../scenario';

import { Product } from '../product/product';
import { Load } from '../product/load';

/** The demo fleet's own control API: which cluster is broken, and how. */
export function adminRouter(
  clusters: DemoCluster[],
  scenarios: ScenarioStore,
  requests: () => Record<string, Record<string, number>> = () => ({}),
  running?: () => { product?: Product; load?: Load },
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

  const productOr404 = (res: express.Response) => {
    const product = running?.().product;
    if (!product) {
      res
        .status(404)
        .json({ error: 'the product does not run (--product stand-in)' });
    }
    return product;
  };

  // The running product: each process, and what the customers saw.
  router.get('/product', (_req, res) => {
    const product = productOr404(res);
    if (!product) return;
    res.json({
      processes: clusters.flatMap(cluster =>
        product.of(cluster.name).processes.map(proc => ({
          cluster: proc.cluster,
          service: proc.service,
          port: proc.port,
          pid: proc.pid() ?? null,
          up: proc.up(),
          restarts: proc.restarts(),
        })),
      ),
      customers: running?.().load?.stats(),
    });
  });

  // A game day's OOM kill: SIGKILL one service's process on one cluster;
  // its supervisor starts it again.
  router.post('/clusters/:name/services/:service/kill', (req, res) => {
    const product = productOr404(res);
    if (!product) return;
    if (!scenarios.has(req.params.name)) {
      res.status(404).json({ error: `unknown cluster "${req.params.name}"` });
      return;
    }
    const proc = product
      .of(req.params.name)
      .processes.find(candidate => candidate.service === req.params.service);
    if (!proc) {
      res.status(404).json({
        error: `no service "${req.params.service}" on ${
          req.params.name
        } (known: ${product
          .of(req.params.name)
          .processes.map(candidate => candidate.service)
          .join(', ')})`,
      });
      return;
    }
    const pid = proc.pid();
    if (pid === undefined) {
      res
        .status(409)
        .json({ error: `${proc.service} on ${proc.cluster} is not running` });
      return;
    }
    process.kill(pid, 'SIGKILL');
    res.json({ killed: pid, service: proc.service, cluster: proc.cluster });
  });

  router.post('/reset', async (_req, res) => {
    await scenarios.reset();
    res.json(scenarios.all());
  });

  return router;
}
