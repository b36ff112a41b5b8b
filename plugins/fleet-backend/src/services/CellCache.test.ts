import { FleetCell } from '@internal/plugin-fleet-common';
import { CellCache } from './CellCache';

const cell = (summary: string, at: number, error = false): FleetCell => ({
  status: error ? 'unknown' : 'ok',
  summary,
  fetchedAt: new Date(at).toISOString(),
  ...(error && { error: { name: 'Error', message: summary } }),
});

describe('CellCache', () => {
  let now = 1_000_000;
  // An in-memory cache service that behaves like the real one.
  const memory = () => {
    const store = new Map<string, unknown>();
    return new CellCache({
      cache: {
        get: async (k: string) => store.get(k),
        set: async (k: string, v: unknown) => {
          store.set(k, v);
        },
        delete: async (k: string) => {
          store.delete(k);
        },
        withOptions: () => {
          throw new Error('not used');
        },
      } as any,
      freshMs: 15_000,
      staleMs: 300_000,
      errorMs: 5_000,
      graceMs: 100,
      now: () => now,
    });
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('reads once for concurrent viewers and serves the fresh cell after', async () => {
    const cells = memory();
    const read = jest.fn(async () => cell('first', now));
    const all = await Promise.all(
      Array.from({ length: 5 }, () => cells.get('k', read)),
    );
    expect(all.every(c => c.summary === 'first')).toBe(true);
    now += 10_000;
    await cells.get('k', read);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('gives a viewer of a stale cell the refreshed one when it comes within the grace', async () => {
    const cells = memory();
    await cells.get('k', async () => cell('before', now));
    now += 20_000;
    const refreshed = await cells.get('k', async () =>
      cell('cluster died', now, true),
    );
    expect(refreshed.summary).toBe('cluster died');
  });

  it('serves the stale cell when the refresh hangs, and stores the late answer', async () => {
    const cells = memory();
    await cells.get('k', async () => cell('before', now));
    now += 20_000;
    let answer!: (c: FleetCell) => void;
    const served = await cells.get(
      'k',
      () =>
        new Promise<FleetCell>(resolve => {
          answer = resolve;
        }),
    );
    expect(served.summary).toBe('before');
    answer(cell('late', now));
    await new Promise(r => setImmediate(r));
    const next = await cells.get('k', async () => cell('unused', now));
    expect(next.summary).toBe('late');
  });

  it('retries an error cell after errorMs, not freshMs', async () => {
    const cells = memory();
    const read = jest.fn(async () => cell('refused', now, true));
    await cells.get('k', read);
    now += 4_000;
    await cells.get('k', read);
    expect(read).toHaveBeenCalledTimes(1);
    now += 2_000;
    await cells.get('k', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads again, and waits for it, once a cell is past the stale window', async () => {
    const cells = memory();
    await cells.get('k', async () => cell('old', now));
    now += 301_000;
    const read = jest.fn(async () => cell('new', now));
    expect((await cells.get('k', read)).summary).toBe('new');
  });
});
