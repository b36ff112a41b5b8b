/*
 * The portal's authorization, end to end: who may do what to which
 * resource, asked of the real plugins (permission backend with the Trinity
 * policy, catalog, Scaffolder with Trinity's module and forge, traffic,
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
import { Decision, Matrix, Outcome, startMatrix } from './harness';
import { Action, createActions, Resource } from './actions';
import { ActorId, actors } from './fixtures';

jest.setTimeout(180_000);

interface Cell {
  actor: ActorId;
  action: Action;
  resource: Resource;
  expected: Decision;
}

const cells: Cell[] = [
  // Reading a product's fleet view, its traffic, and previewing a drain:
  // every signed-in user, on every product.
  { actor: 'guest', action: 'read fleet', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'read fleet', resource: 'wallet', expected: 'allow' },
  { actor: 'priya', action: 'read fleet', resource: 'storefront', expected: 'allow' },
  { actor: 'priya', action: 'read fleet', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'read fleet', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'read fleet', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'read fleet', resource: 'storefront', expected: 'allow' },
  { actor: 'lukas', action: 'read fleet', resource: 'wallet', expected: 'allow' },
  { actor: 'anonymous', action: 'read fleet', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'read fleet', resource: 'wallet', expected: 'deny' },

  { actor: 'guest', action: 'read traffic', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'read traffic', resource: 'wallet', expected: 'allow' },
  { actor: 'priya', action: 'read traffic', resource: 'storefront', expected: 'allow' },
  { actor: 'priya', action: 'read traffic', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'read traffic', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'read traffic', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'read traffic', resource: 'storefront', expected: 'allow' },
  { actor: 'lukas', action: 'read traffic', resource: 'wallet', expected: 'allow' },
  { actor: 'anonymous', action: 'read traffic', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'read traffic', resource: 'wallet', expected: 'deny' },

  { actor: 'guest', action: 'preview', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'preview', resource: 'wallet', expected: 'allow' },
  { actor: 'priya', action: 'preview', resource: 'storefront', expected: 'allow' },
  { actor: 'priya', action: 'preview', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'preview', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'preview', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'preview', resource: 'storefront', expected: 'allow' },
  { actor: 'lukas', action: 'preview', resource: 'wallet', expected: 'allow' },
  { actor: 'anonymous', action: 'preview', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'preview', resource: 'wallet', expected: 'deny' },

  // Shifting traffic and pausing auto-sync: the product's owners, on-call
  // and admins.
  { actor: 'guest', action: 'shift', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'shift', resource: 'wallet', expected: 'deny' },
  { actor: 'priya', action: 'shift', resource: 'storefront', expected: 'deny' },
  { actor: 'priya', action: 'shift', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'shift', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'shift', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'shift', resource: 'storefront', expected: 'allow' },
  { actor: 'lukas', action: 'shift', resource: 'wallet', expected: 'allow' },
  { actor: 'anonymous', action: 'shift', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'shift', resource: 'wallet', expected: 'deny' },

  { actor: 'guest', action: 'pause sync', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'pause sync', resource: 'wallet', expected: 'deny' },
  { actor: 'priya', action: 'pause sync', resource: 'storefront', expected: 'deny' },
  { actor: 'priya', action: 'pause sync', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'pause sync', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'pause sync', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'pause sync', resource: 'storefront', expected: 'allow' },
  { actor: 'lukas', action: 'pause sync', resource: 'wallet', expected: 'allow' },
  { actor: 'anonymous', action: 'pause sync', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'pause sync', resource: 'wallet', expected: 'deny' },

  // Merging a product's pull request: its owners and admins, not on-call.
  { actor: 'guest', action: 'merge', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'merge', resource: 'wallet', expected: 'deny' },
  { actor: 'priya', action: 'merge', resource: 'storefront', expected: 'deny' },
  { actor: 'priya', action: 'merge', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'merge', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'merge', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'merge', resource: 'storefront', expected: 'deny' },
  { actor: 'lukas', action: 'merge', resource: 'wallet', expected: 'deny' },
  { actor: 'anonymous', action: 'merge', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'merge', resource: 'wallet', expected: 'deny' },
  // Merging an infra pull request (written by amara): an admin who did not
  // write it.
  { actor: 'ada', action: 'merge', resource: 'infra repo', expected: 'allow' },
  { actor: 'amara', action: 'merge', resource: 'infra repo', expected: 'deny' },
  { actor: 'guest', action: 'merge', resource: 'infra repo', expected: 'deny' },
  { actor: 'priya', action: 'merge', resource: 'infra repo', expected: 'deny' },
  { actor: 'lukas', action: 'merge', resource: 'infra repo', expected: 'deny' },
  { actor: 'anonymous', action: 'merge', resource: 'infra repo', expected: 'deny' },

  // Templates: a new product for one's own team, a new service on one's
  // own product (admins: any); a new cluster for every signed-in user (it
  // only opens a reviewed infra pull request).
  { actor: 'guest', action: 'run new-product', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'run new-product', resource: 'wallet', expected: 'deny' },
  { actor: 'priya', action: 'run new-product', resource: 'storefront', expected: 'deny' },
  { actor: 'priya', action: 'run new-product', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'run new-product', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'run new-product', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'run new-product', resource: 'storefront', expected: 'deny' },
  { actor: 'lukas', action: 'run new-product', resource: 'wallet', expected: 'deny' },
  { actor: 'anonymous', action: 'run new-product', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'run new-product', resource: 'wallet', expected: 'deny' },

  { actor: 'guest', action: 'run new-service', resource: 'storefront', expected: 'allow' },
  { actor: 'guest', action: 'run new-service', resource: 'wallet', expected: 'deny' },
  { actor: 'priya', action: 'run new-service', resource: 'storefront', expected: 'deny' },
  { actor: 'priya', action: 'run new-service', resource: 'wallet', expected: 'allow' },
  { actor: 'amara', action: 'run new-service', resource: 'storefront', expected: 'allow' },
  { actor: 'amara', action: 'run new-service', resource: 'wallet', expected: 'allow' },
  { actor: 'lukas', action: 'run new-service', resource: 'storefront', expected: 'deny' },
  { actor: 'lukas', action: 'run new-service', resource: 'wallet', expected: 'deny' },
  { actor: 'anonymous', action: 'run new-service', resource: 'storefront', expected: 'deny' },
  { actor: 'anonymous', action: 'run new-service', resource: 'wallet', expected: 'deny' },

  { actor: 'guest', action: 'run new-cluster', resource: 'infra repo', expected: 'allow' },
  { actor: 'priya', action: 'run new-cluster', resource: 'infra repo', expected: 'allow' },
  { actor: 'amara', action: 'run new-cluster', resource: 'infra repo', expected: 'allow' },
  { actor: 'lukas', action: 'run new-cluster', resource: 'infra repo', expected: 'allow' },
  { actor: 'anonymous', action: 'run new-cluster', resource: 'infra repo', expected: 'deny' },

  // The template editor's dry run executes a user's inline template with
  // the portal's credentials: admins only.
  { actor: 'amara', action: 'dry-run', resource: 'new-product template', expected: 'allow' },
  { actor: 'guest', action: 'dry-run', resource: 'new-product template', expected: 'deny' },
  { actor: 'priya', action: 'dry-run', resource: 'new-product template', expected: 'deny' },
  { actor: 'lukas', action: 'dry-run', resource: 'new-product template', expected: 'deny' },
  { actor: 'anonymous', action: 'dry-run', resource: 'new-product template', expected: 'deny' },

  // A task's parameters and logs: its creator's, and admins'.
  { actor: 'guest', action: 'read task', resource: "guest's task", expected: 'allow' },
  { actor: 'priya', action: 'read task', resource: "guest's task", expected: 'deny' },
  { actor: 'lukas', action: 'read task', resource: "guest's task", expected: 'deny' },
  { actor: 'amara', action: 'read task', resource: "guest's task", expected: 'allow' },
  { actor: 'anonymous', action: 'read task', resource: "guest's task", expected: 'deny' },
];

const resourceLabels: Record<Resource, string> = {
  storefront: 'storefront (team A)',
  wallet: 'wallet (team B)',
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
          `${s.decision === s.expected ? 'ok  ' : 'DIFF'} ${actors[s.actor].label} · ${s.action} · ${s.resource}: expected ${s.expected}, got ${s.decision ?? 'error'} (${s.status ?? '-'}) ${s.error ?? s.detail ?? ''}`,
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
