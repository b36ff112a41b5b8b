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

  it('serves a fresh cell from its own copy without asking the store', async () => {
    const cells = memory();
    expect(cells.fresh('k')).toBeUndefined();
    await cells.get('k', async () => cell('read', now));
    expect(cells.fresh('k')?.summary).toBe('read');
    // Past its freshness it is not served as fresh: get() decides.
    now += 15_000;
    expect(cells.fresh('k')).toBeUndefined();
    now += 5_000;
    const errorCell = await cells.renew('k', async () =>
      cell('refused', now, true),
    );
    expect(cells.fresh('k')).toBe(errorCell);
    now += 5_000;
    expect(cells.fresh('k')).toBeUndefined();
  });

  it('reads a fresh cell again in a refresh round that started after it was read', async () => {
    const cells = memory();
    await cells.get('k', async () => cell('before the round', now));
    now += 1_000;
    const roundStart = now;
    const read = jest.fn(async () => cell('in the round', now));
    // Fresh for 14 s more, but read before the round: the round reads it.
    expect(cells.fresh('k', roundStart)).toBeUndefined();
    expect((await cells.get('k', read, undefined, roundStart)).summary).toBe(
      'in the round',
    );
    // Read in this round: served, to the round and to viewers.
    now += 500;
    await cells.get('k', read, undefined, roundStart);
    expect(read).toHaveBeenCalledTimes(1);
    expect(cells.fresh('k', roundStart)?.summary).toBe('in the round');
  });

  it('tells onChange once per read that reads differently, not when only fetchedAt moved', async () => {
    const cells = memory();
    const changed = jest.fn();
    let summary = 'ok';
    const read = async () => cell(summary, now);
    // Concurrent viewers share one read: one change.
    await Promise.all([
      cells.get('k', read, changed),
      cells.get('k', read, changed),
    ]);
    expect(changed).toHaveBeenCalledTimes(1);
    now += 20_000;
    await cells.get('k', read, changed);
    expect(changed).toHaveBeenCalledTimes(1);
    summary = 'burning at 3.1x';
    now += 20_000;
    await cells.get('k', read, changed);
    expect(changed).toHaveBeenCalledTimes(2);
    expect(changed).toHaveBeenLastCalledWith(
      expect.objectContaining({ summary: 'burning at 3.1x' }),
    );
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

  it('keeps the last answer beside a cell that is now an error', async () => {
    const cells = memory();
    expect(await cells.lastAnswered('k')).toBeUndefined();
    await cells.get('k', async () => cell('6 ready', now));
    now += 301_000;
    await cells.get('k', async () => cell('connection refused', now, true));
    const last = await cells.lastAnswered('k');
    expect(last?.summary).toBe('6 ready');
    expect(last?.fetchedAt).toBe(new Date(1_000_000).toISOString());
  });
});

describe('CellCache across replicas', () => {
  // Two replicas: two CellCaches over one shared store (Redis in production).
  const shared = () => {
    const store = new Map<string, unknown>();
    const cache = {
      get: async (k: string) => {
        await new Promise(r => setTimeout(r, 1)); // a network round trip
        return store.get(k);
      },
      set: async (k: string, v: unknown) => {
        await new Promise(r => setTimeout(r, 1));
        store.set(k, v);
      },
      delete: async (k: string) => {
        store.delete(k);
      },
    } as any;
    const replica = (lease: boolean) =>
      new CellCache({
        cache,
        freshMs: 15_000,
        staleMs: 300_000,
        errorMs: 5_000,
        graceMs: 500,
        lease: lease ? { ttlMs: 2_000, settleMs: 10 } : undefined,
        localMs: 50,
      });
    return { store, replica };
  };
  const fresh = (summary: string) => cell(summary, Date.now());

  it("serves its own copy for localMs, then sees another replica's newer cell", async () => {
    const { replica } = shared();
    const [a, b] = [replica(true), replica(true)];
    await a.get('k', async () => fresh('first'));
    expect(a.fresh('k')?.summary).toBe('first');
    // b has seen nothing yet: nothing to serve without the store.
    expect(b.fresh('k')).toBeUndefined();
    expect((await b.get('k', async () => fresh('not read'))).summary).toBe(
      'first',
    );
    // a renews (a drain); b serves its copy until localMs has passed.
    await a.renew('k', async () => fresh('after the drain'));
    expect(b.fresh('k')?.summary).toBe('first');
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(b.fresh('k')).toBeUndefined();
    expect((await b.get('k', async () => fresh('not read'))).summary).toBe(
      'after the drain',
    );
  });

  it('reads a missing cell once for two replicas that ask at the same moment', async () => {
    const { replica } = shared();
    const [a, b] = [replica(true), replica(true)];
    const read = jest.fn(async () => {
      await new Promise(r => setTimeout(r, 50));
      return fresh('read once');
    });
    const cells = await Promise.all([
      a.get('k', read),
      b.get('k', read),
      a.get('k', read),
      b.get('k', read),
    ]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(cells.map(c => c.summary)).toEqual(Array(4).fill('read once'));
  });

  it('refreshes a stale cell once for both replicas', async () => {
    const { store, replica } = shared();
    const [a, b] = [replica(true), replica(true)];
    store.set('k', cell('old', Date.now() - 20_000));
    const read = jest.fn(async () => {
      await new Promise(r => setTimeout(r, 50));
      return fresh('new');
    });
    const cells = await Promise.all([a.get('k', read), b.get('k', read)]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(cells.map(c => c.summary)).toEqual(['new', 'new']);
  });

  it('without the lease each replica reads: what the lease is for', async () => {
    const { replica } = shared();
    const read = jest.fn(async () => fresh('twice'));
    await Promise.all([
      replica(false).get('k', read),
      replica(false).get('k', read),
    ]);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads itself when the lease holder dies without writing', async () => {
    const { store, replica } = shared();
    store.set('lease:k', 'a replica that died');
    const started = Date.now();
    const c = await replica(true).get('k', async () => fresh('mine'));
    expect(c.summary).toBe('mine');
    // Waited for the holder's lease to run out, not forever.
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
