import { RecentReads } from './RecentReads';

describe('RecentReads', () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('serves one read to every reader within the window, then reads again', async () => {
    const time = clock();
    const reads = new RecentReads<number>({
      ttlMs: 3_000,
      timeoutMs: 1_000,
      now: time.now,
    });
    let calls = 0;
    const read = async () => ++calls;
    const [first, second] = await Promise.all([
      reads.get('aws', read),
      reads.get('aws', read),
    ]);
    expect([first, second, calls]).toEqual([1, 1, 1]);
    time.advance(2_999);
    expect(await reads.get('aws', read)).toBe(1);
    expect(await reads.get('gcp', read)).toBe(2);
    time.advance(1);
    expect(await reads.get('aws', read)).toBe(3);
    expect(calls).toBe(3);
  });

  it('shares a failing read while it runs, and forgets the failure: a cluster back up is asked again at once', async () => {
    const reads = new RecentReads<number>({ ttlMs: 3_000, timeoutMs: 1_000 });
    let calls = 0;
    let refuse!: (error: Error) => void;
    const refused = () => {
      calls += 1;
      return new Promise<number>((_resolve, reject) => {
        refuse = reject;
      });
    };
    // A round of five products' cells on a dead cluster: one call.
    const round = Array.from({ length: 5 }, () => reads.get('aws', refused));
    await Promise.resolve();
    await Promise.resolve();
    refuse(new Error('connection refused'));
    for (const cell of round) await expect(cell).rejects.toThrow('refused');
    expect(calls).toBe(1);
    await expect(reads.get('aws', async () => 9)).resolves.toBe(9);
  });

  it('stops one reader at its own deadline without cancelling the read for the others', async () => {
    const reads = new RecentReads<string>({ ttlMs: 3_000, timeoutMs: 5_000 });
    let release!: (value: string) => void;
    let readSignal!: AbortSignal;
    const read = (signal: AbortSignal) => {
      readSignal = signal;
      return new Promise<string>(resolve => {
        release = resolve;
      });
    };
    const impatient = new AbortController();
    const first = reads.get('aws', read, impatient.signal);
    const second = reads.get('aws', read);
    await Promise.resolve();
    impatient.abort(new Error('deadline'));
    await expect(first).rejects.toThrow('deadline');
    expect(readSignal.aborted).toBe(false);
    release('apps');
    await expect(second).resolves.toBe('apps');
  });

  it('gives the read its own deadline', async () => {
    const reads = new RecentReads<string>({ ttlMs: 3_000, timeoutMs: 50 });
    const hangs = (signal: AbortSignal) =>
      new Promise<string>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    await expect(reads.get('aws', hangs)).rejects.toThrow(/timeout/i);
  });

  it('does not let later readers join a read that hangs past joinMs', async () => {
    const time = clock();
    const reads = new RecentReads<string>({
      ttlMs: 3_000,
      timeoutMs: 10_000,
      joinMs: 2_000,
      now: time.now,
    });
    const hung = reads.get('gcp', () => new Promise<string>(() => {}));
    time.advance(1_999);
    // Still joinable: this reader waits on the same read.
    const joined = reads.get('gcp', async () => 'second read');
    time.advance(1);
    // The cluster came back: a new reader asks again instead of waiting.
    await expect(reads.get('gcp', async () => 'answered')).resolves.toBe(
      'answered',
    );
    await expect(reads.get('gcp', async () => 'not asked')).resolves.toBe(
      'answered',
    );
    expect([hung, joined]).toHaveLength(2);
  });

  it('serves a read started since the round began however old it is', async () => {
    const time = clock();
    const reads = new RecentReads<string>({
      ttlMs: 3_000,
      timeoutMs: 10_000,
      now: time.now,
    });
    const roundStart = time.now();
    await reads.get('aws', async () => 'listed in this round');
    time.advance(8_000);
    // Past the ttl, but read during this round: one list per round.
    await expect(
      reads.get('aws', async () => 'listed again', undefined, {
        since: roundStart,
      }),
    ).resolves.toBe('listed in this round');
    // A viewer outside the round gets a read as fresh as the ttl says.
    await expect(reads.get('aws', async () => 'listed again')).resolves.toBe(
      'listed again',
    );
    // The next round (started after that read) keeps it too; one before it does not.
    time.advance(10_000);
    await expect(
      reads.get('aws', async () => 'next round', undefined, {
        since: time.now(),
      }),
    ).resolves.toBe('next round');
  });
});
