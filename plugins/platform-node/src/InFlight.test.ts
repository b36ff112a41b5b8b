import { InFlight } from './InFlight';

describe('InFlight', () => {
  it('shares a running read and forgets it once settled', async () => {
    const shared = new InFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const read = () => {
      calls += 1;
      return new Promise<number>(resolve => {
        release = resolve;
      });
    };
    const a = shared.run('k', read);
    const b = shared.run('k', read);
    expect(shared.size).toBe(1);
    release(7);
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    expect(calls).toBe(1);
    expect(shared.size).toBe(0);
    await shared.run('k', async () => 8);
    expect(calls).toBe(1);
  });

  it('shares a failure and lets the next call try again', async () => {
    const shared = new InFlight<number>();
    const failing = shared.run('k', async () => {
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    await expect(shared.run('k', async () => 1)).resolves.toBe(1);
  });

  it('keeps different keys apart', async () => {
    const shared = new InFlight<string>();
    const [a, b] = await Promise.all([
      shared.run('a', async () => 'A'),
      shared.run('b', async () => 'B'),
    ]);
    expect([a, b]).toEqual(['A', 'B']);
  });
});
