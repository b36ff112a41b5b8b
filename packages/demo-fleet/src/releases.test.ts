import { positionAt, ReleaseStore, RingFile, Step } from './releases';

// The tenants' steps: 10 %, pause, analysis, 50 %, pause, analysis.
const steps: Step[] = [
  { setWeight: 10 },
  { pause: { duration: '5m' } },
  { analysis: { templates: [] } },
  { setWeight: 50 },
  { pause: { duration: '5m' } },
  { analysis: { templates: [] } },
];
const rings = new Map([
  ['gcp-euw1-prod-01', 'ring-0'],
  ['aws-use1-prod-01', 'ring-1'],
]);
const file = (ring0: string, ring1 = '0.1.0'): RingFile => ({
  service: 'wallet-api',
  product: 'wallet',
  image: 'registry.trinity.example/team-payments/wallet-api',
  rings: { 'ring-0': ring0, 'ring-1': ring1, 'ring-2': '0.1.0' },
});

let clock = 0;
let burning = false;
let store: ReleaseStore;
beforeEach(() => {
  clock = Date.parse('2026-12-05T12:00:00Z');
  burning = false;
  store = new ReleaseStore({
    now: () => new Date(clock),
    stepMs: 1000,
    stepsOf: () => steps,
    burning: () => burning,
  });
});
afterEach(() => store.stop());

it('walks the steps: setWeight is instant, pause and analysis take a step each', () => {
  expect(positionAt(steps, 0, 1000)).toMatchObject({ stepIndex: 1 });
  expect(positionAt(steps, 1500, 1000)).toMatchObject({ stepIndex: 2 });
  expect(positionAt(steps, 2000, 1000)).toMatchObject({ stepIndex: 4 });
  expect(positionAt(steps, 3999, 1000)).toMatchObject({ stepIndex: 5 });
  expect(positionAt(steps, 4000, 1000)).toMatchObject({
    stepIndex: 6,
    done: true,
  });
});

it('runs the first tags seen as stable, each cluster its ring', () => {
  store.sync([file('0.2.0')], rings);
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toEqual({
    image: 'registry.trinity.example/team-payments/wallet-api',
    stable: '0.2.0',
    stableRevision: 2,
  });
  expect(store.view('aws-use1-prod-01', 'wallet-api')?.stable).toBe('0.1.0');
  expect(store.view('azure-eastus-prod-01', 'wallet-api')).toBeUndefined();
});

it("canaries a ring's new tag through the steps, then promotes it", () => {
  store.sync([file('0.1.0')], rings);
  store.sync([file('0.2.0')], rings);
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toMatchObject({
    stable: '0.1.0',
    canary: { tag: '0.2.0', revision: 3, stepIndex: 1, paused: true },
  });
  // The other ring's clusters are untouched.
  expect(store.view('aws-use1-prod-01', 'wallet-api')?.canary).toBeUndefined();
  clock += 1000;
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')?.canary).toMatchObject({
    stepIndex: 2,
    paused: false,
  });
  clock += 3000;
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toEqual({
    image: 'registry.trinity.example/team-payments/wallet-api',
    stable: '0.2.0',
    stableRevision: 3,
  });
});

it('aborts a canary whose analysis step sees the burn; retry starts it again', () => {
  store.sync([file('0.1.0')], rings);
  store.sync([file('0.2.0')], rings);
  burning = true;
  clock += 1500; // into the first analysis
  const aborted = store.view('gcp-euw1-prod-01', 'wallet-api')?.canary;
  expect(aborted).toMatchObject({
    tag: '0.2.0',
    stepIndex: 2,
    abort: { cause: 'analysis' },
  });
  clock += 10_000; // it stays aborted, the stable tag serves
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toMatchObject({
    stable: '0.1.0',
    canary: { abort: { cause: 'analysis' } },
  });
  burning = false;
  expect(store.retry('gcp-euw1-prod-01', 'wallet-api', '0.2.0')).toBe('done');
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')?.canary).toEqual(
    expect.objectContaining({ stepIndex: 1, paused: true }),
  );
  expect(
    store.view('gcp-euw1-prod-01', 'wallet-api')?.canary?.abort,
  ).toBeUndefined();
});

it('finds a burn at an analysis step nobody looked at while it ran', () => {
  store.sync([file('0.1.0')], rings);
  store.sync([file('0.2.0')], rings);
  burning = true;
  clock += 10_000;
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toMatchObject({
    stable: '0.1.0',
    canary: { stepIndex: 2, abort: { cause: 'analysis' } },
  });
});

it('abort, resume and promote-full act on the canary', () => {
  store.sync([file('0.1.0')], rings);
  store.sync([file('0.2.0')], rings);
  expect(store.resume('gcp-euw1-prod-01', 'wallet-api')).toBe('done');
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')?.canary).toMatchObject({
    stepIndex: 2,
  });
  expect(store.abort('gcp-euw1-prod-01', 'wallet-api', '0.2.0')).toBe('done');
  clock += 10_000; // an aborted canary goes nowhere
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toMatchObject({
    stable: '0.1.0',
    canary: { tag: '0.2.0', abort: { cause: 'user' } },
  });
  expect(store.promoteFull('gcp-euw1-prod-01', 'wallet-api')).toBe('done');
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toEqual(
    expect.objectContaining({ stable: '0.2.0', stableRevision: 3 }),
  );
  expect(store.promoteFull('gcp-euw1-prod-01', 'wallet-api')).toBe(
    'nothing-to-do',
  );
});

it('drops a canary when the ring goes back, and forgets a service whose file left', () => {
  store.sync([file('0.1.0')], rings);
  store.sync([file('0.2.0')], rings);
  store.sync([file('0.1.0')], rings);
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toEqual(
    expect.not.objectContaining({ canary: expect.anything() }),
  );
  store.sync([], rings);
  expect(store.view('gcp-euw1-prod-01', 'wallet-api')).toBeUndefined();
});
