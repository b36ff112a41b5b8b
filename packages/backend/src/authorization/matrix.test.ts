/*
 * The portal's authorization, end to end: who may do what to which
 * resource, asked of the real plugins (permission backend with the Trinity
 * policy, catalog, Scaffolder with Trinity's module, the forge, traffic,
 * fleet) in one backend against the demo fleet. One row per cell:
 * actor × action × resource → allow or deny.
 *
 * Allow: 2xx, or 409 from a rule that runs after the permission check
 * (safety checks, anti-flap); for a template, the task completed. Deny: 401
 * or 403; for a template, the task failed with a refusal naming the team or
 * repository; for someone else's task, 403 or 404. A 5xx fails the row.
 * A refused traffic change leaves PowerDNS as it was, a refused pause
 * leaves Argo CD as it was, a refused merge leaves the pull request open;
 * an allowed change is undone by the same actor before the next row.
 *
 * Actors (catalog/org.yaml): guest is in team-storefront (team A), priya in
 * team-payments (team B), amara and ada (a fixture user) are platform
 * admins, lukas is on call. Products: storefront (team A's), wallet (team
 * B's), both made by the portal's forge. Infra pull requests are written by
 * amara.
 */
import {
  Decision,
  Matrix,
  Outcome,
  startMatrix,
} from './__testUtils__/harness';
import { Action, createActions, Resource } from './__testUtils__/actions';
import { ActorId, actors } from './__testUtils__/fixtures';

jest.setTimeout(180_000);

interface Cell {
  actor: ActorId;
  action: Action;
  resource: Resource;
  expected: Decision;
}

/** actor, action, resource, expected decision: one row per cell. */
const table: Array<[ActorId, Action, Resource, Decision]> = [
  // Reading a product's fleet view, its traffic, and previewing a drain:
  // every signed-in user, on every product.
  ['guest', 'read fleet', 'storefront', 'allow'],
  ['guest', 'read fleet', 'wallet', 'allow'],
  ['priya', 'read fleet', 'storefront', 'allow'],
  ['priya', 'read fleet', 'wallet', 'allow'],
  ['amara', 'read fleet', 'storefront', 'allow'],
  ['amara', 'read fleet', 'wallet', 'allow'],
  ['lukas', 'read fleet', 'storefront', 'allow'],
  ['lukas', 'read fleet', 'wallet', 'allow'],
  ['anonymous', 'read fleet', 'storefront', 'deny'],
  ['anonymous', 'read fleet', 'wallet', 'deny'],

  ['guest', 'read traffic', 'storefront', 'allow'],
  ['guest', 'read traffic', 'wallet', 'allow'],
  ['priya', 'read traffic', 'storefront', 'allow'],
  ['priya', 'read traffic', 'wallet', 'allow'],
  ['amara', 'read traffic', 'storefront', 'allow'],
  ['amara', 'read traffic', 'wallet', 'allow'],
  ['lukas', 'read traffic', 'storefront', 'allow'],
  ['lukas', 'read traffic', 'wallet', 'allow'],
  ['anonymous', 'read traffic', 'storefront', 'deny'],
  ['anonymous', 'read traffic', 'wallet', 'deny'],

  ['guest', 'preview', 'storefront', 'allow'],
  ['guest', 'preview', 'wallet', 'allow'],
  ['priya', 'preview', 'storefront', 'allow'],
  ['priya', 'preview', 'wallet', 'allow'],
  ['amara', 'preview', 'storefront', 'allow'],
  ['amara', 'preview', 'wallet', 'allow'],
  ['lukas', 'preview', 'storefront', 'allow'],
  ['lukas', 'preview', 'wallet', 'allow'],
  ['anonymous', 'preview', 'storefront', 'deny'],
  ['anonymous', 'preview', 'wallet', 'deny'],

  // Shifting traffic and pausing auto-sync: the product's owners, on-call
  // and admins.
  // Evacuating a cluster moves every product at once: platform on-call and
  // admins, never a product's owners (rehearsed here: the same check).
  ['guest', 'rehearse evacuation', 'a cluster', 'deny'],
  ['priya', 'rehearse evacuation', 'a cluster', 'deny'],
  ['amara', 'rehearse evacuation', 'a cluster', 'allow'],
  ['lukas', 'rehearse evacuation', 'a cluster', 'allow'],
  ['anonymous', 'rehearse evacuation', 'a cluster', 'deny'],

  ['guest', 'shift', 'storefront', 'allow'],
  ['guest', 'shift', 'wallet', 'deny'],
  ['priya', 'shift', 'storefront', 'deny'],
  ['priya', 'shift', 'wallet', 'allow'],
  ['amara', 'shift', 'storefront', 'allow'],
  ['amara', 'shift', 'wallet', 'allow'],
  ['lukas', 'shift', 'storefront', 'allow'],
  ['lukas', 'shift', 'wallet', 'allow'],
  ['anonymous', 'shift', 'storefront', 'deny'],
  ['anonymous', 'shift', 'wallet', 'deny'],

  ['guest', 'pause sync', 'storefront', 'allow'],
  ['guest', 'pause sync', 'wallet', 'deny'],
  ['priya', 'pause sync', 'storefront', 'deny'],
  ['priya', 'pause sync', 'wallet', 'allow'],
  ['amara', 'pause sync', 'storefront', 'allow'],
  ['amara', 'pause sync', 'wallet', 'allow'],
  ['lukas', 'pause sync', 'storefront', 'allow'],
  ['lukas', 'pause sync', 'wallet', 'allow'],
  ['anonymous', 'pause sync', 'storefront', 'deny'],
  ['anonymous', 'pause sync', 'wallet', 'deny'],

  // Pausing a product's promotions (a pull request on the infra repo):
  // the same guard rails as the failover button.
  ['guest', 'pause promotions', 'storefront', 'allow'],
  ['guest', 'pause promotions', 'wallet', 'deny'],
  ['priya', 'pause promotions', 'storefront', 'deny'],
  ['lukas', 'pause promotions', 'wallet', 'allow'],
  ['anonymous', 'pause promotions', 'storefront', 'deny'],

  // Merging a product's pull request: its owners and admins, not on-call.
  ['guest', 'merge', 'storefront', 'allow'],
  ['guest', 'merge', 'wallet', 'deny'],
  ['priya', 'merge', 'storefront', 'deny'],
  ['priya', 'merge', 'wallet', 'allow'],
  ['amara', 'merge', 'storefront', 'allow'],
  ['amara', 'merge', 'wallet', 'allow'],
  ['lukas', 'merge', 'storefront', 'deny'],
  ['lukas', 'merge', 'wallet', 'deny'],
  ['anonymous', 'merge', 'storefront', 'deny'],
  ['anonymous', 'merge', 'wallet', 'deny'],
  // Merging an infra pull request (written by amara): an admin who did not
  // write it.
  ['ada', 'merge', 'infra repo', 'allow'],
  ['amara', 'merge', 'infra repo', 'deny'],
  ['guest', 'merge', 'infra repo', 'deny'],
  ['priya', 'merge', 'infra repo', 'deny'],
  ['lukas', 'merge', 'infra repo', 'deny'],
  ['anonymous', 'merge', 'infra repo', 'deny'],

  // Templates: a new product for one's own team, a new service on one's
  // own product (admins: any); a new cluster for every signed-in user (it
  // only opens a reviewed infra pull request).
  ['guest', 'run new-product', 'storefront', 'allow'],
  ['guest', 'run new-product', 'wallet', 'deny'],
  ['priya', 'run new-product', 'storefront', 'deny'],
  ['priya', 'run new-product', 'wallet', 'allow'],
  ['amara', 'run new-product', 'storefront', 'allow'],
  ['amara', 'run new-product', 'wallet', 'allow'],
  ['lukas', 'run new-product', 'storefront', 'deny'],
  ['lukas', 'run new-product', 'wallet', 'deny'],
  ['anonymous', 'run new-product', 'storefront', 'deny'],
  ['anonymous', 'run new-product', 'wallet', 'deny'],

  ['guest', 'run new-service', 'storefront', 'allow'],
  ['guest', 'run new-service', 'wallet', 'deny'],
  ['priya', 'run new-service', 'storefront', 'deny'],
  ['priya', 'run new-service', 'wallet', 'allow'],
  ['amara', 'run new-service', 'storefront', 'allow'],
  ['amara', 'run new-service', 'wallet', 'allow'],
  ['lukas', 'run new-service', 'storefront', 'deny'],
  ['lukas', 'run new-service', 'wallet', 'deny'],
  ['anonymous', 'run new-service', 'storefront', 'deny'],
  ['anonymous', 'run new-service', 'wallet', 'deny'],

  ['guest', 'run new-cluster', 'infra repo', 'allow'],
  ['priya', 'run new-cluster', 'infra repo', 'allow'],
  ['amara', 'run new-cluster', 'infra repo', 'allow'],
  ['lukas', 'run new-cluster', 'infra repo', 'allow'],
  ['anonymous', 'run new-cluster', 'infra repo', 'deny'],

  // The template editor's dry run executes a user's inline template with
  // the portal's credentials: admins only.
  ['amara', 'dry-run', 'new-product template', 'allow'],
  ['guest', 'dry-run', 'new-product template', 'deny'],
  ['priya', 'dry-run', 'new-product template', 'deny'],
  ['lukas', 'dry-run', 'new-product template', 'deny'],
  ['anonymous', 'dry-run', 'new-product template', 'deny'],

  // A task's parameters and logs: its creator's, and admins'.
  ['guest', 'read task', "guest's task", 'allow'],
  ['priya', 'read task', "guest's task", 'deny'],
  ['lukas', 'read task', "guest's task", 'deny'],
  ['amara', 'read task', "guest's task", 'allow'],
  ['anonymous', 'read task', "guest's task", 'deny'],
];

const cells: Cell[] = table.map(([actor, action, resource, expected]) => ({
  actor,
  action,
  resource,
  expected,
}));

const resourceLabels: Record<Resource, string> = {
  storefront: 'storefront (team A)',
  wallet: 'wallet (team B)',
  'a cluster': 'a cluster (every product on it)',
  'infra repo': 'infra repo',
  'new-product template': 'new-product template',
  "guest's task": "guest's task",
};

const rows = cells.map(c => ({
  ...c,
  title: `${actors[c.actor].label} · ${c.action} · ${
    resourceLabels[c.resource]
  } → ${c.expected}`,
}));

let matrix: Matrix;
let subject: ReturnType<typeof createActions>;
const seen: Array<Cell & Partial<Outcome> & { error?: string }> = [];

beforeAll(async () => {
  matrix = await startMatrix();
  subject = createActions(matrix);
}, 180_000);

afterAll(async () => {
  subject?.cleanUp();
  await matrix?.stop();
  // eslint-disable-next-line no-console
  console.log(
    seen
      .map(
        s =>
          `${s.decision === s.expected ? 'ok  ' : 'DIFF'} ${
            actors[s.actor].label
          } · ${s.action} · ${s.resource}: expected ${s.expected}, got ${
            s.decision ?? 'error'
          } (${s.status ?? '-'}) ${s.error ?? s.detail ?? ''}`,
      )
      .join('\n'),
  );
}, 60_000);

it('has one row per cell', () => {
  const keys = cells.map(c => `${c.actor}|${c.action}|${c.resource}`);
  expect(new Set(keys).size).toBe(keys.length);
});

it.each(rows)('$title', async ({ title: _title, ...cell }) => {
  let outcome: Outcome;
  try {
    outcome = await subject.actions[cell.action](cell.actor, cell.resource);
  } catch (e) {
    seen.push({ ...cell, error: (e as Error).message });
    throw e;
  }
  seen.push({ ...cell, ...outcome });
  // The whole outcome on failure: status and message say why.
  expect(outcome).toMatchObject({ decision: cell.expected });
});
