import { mapLimit } from './mapLimit';

describe('mapLimit', () => {
  it('runs at most `limit` calls at once and keeps the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (delay, index) => {
      running++;
      most = Math.max(most, running);
      await new Promise(resolve => setTimeout(resolve, delay * 5));
      running--;
      return `${index}:${delay}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3']);
    expect(most).toBe(2);
  });

  it('passes a failure on', async () => {
    await expect(
      mapLimit([1, 2], 1, async item => {
        if (item === 2) throw new Error('no answer');
        return item;
      }),
    ).rejects.toThrow('no answer');
  });

  it('answers an empty list at once', async () => {
    await expect(mapLimit([], 3, async () => 1)).resolves.toEqual([]);
  });
});
