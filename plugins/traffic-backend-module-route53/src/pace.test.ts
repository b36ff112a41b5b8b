import { slidingWindow } from './pace';

describe('slidingWindow', () => {
  it('starts at most `limit` calls in any window, in the order they came', async () => {
    let clock = 0;
    const starts: Array<[number, number]> = [];
    const paced = slidingWindow({
      limit: 5,
      windowMs: 1000,
      now: () => clock,
      sleep: async ms => {
        clock += ms;
      },
    });
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        paced(async () => {
          starts.push([index, clock]);
        }),
      ),
    );
    expect(starts.map(([index]) => index)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    // Five at once, five a second later, two after that.
    expect(starts.map(([, at]) => at)).toEqual([
      0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000,
    ]);
    for (const [, at] of starts) {
      const inWindow = starts.filter(
        ([, other]) => other >= at && other < at + 1000,
      );
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
  });

  it('lets a failed call go without holding up the next ones', async () => {
    const paced = slidingWindow({ limit: 1, windowMs: 10 });
    await expect(
      paced(() => Promise.reject(new Error('Throttling'))),
    ).rejects.toThrow('Throttling');
    await expect(paced(async () => 'next')).resolves.toBe('next');
  });
});
