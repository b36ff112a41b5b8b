import { AccessMemo } from './AccessMemo';

describe('AccessMemo', () => {
  it('answers from memory within the TTL and asks again after it', async () => {
    let now = 0;
    const memo = new AccessMemo<number>(5000, () => now);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await memo.get('u|e', compute)).toBe(1);
    now = 4999;
    expect(await memo.get('u|e', compute)).toBe(1);
    now = 5000;
    expect(await memo.get('u|e', compute)).toBe(2);
  });

  it('keeps users apart', async () => {
    const memo = new AccessMemo<string>(5000);
    expect(await memo.get('alice|e', async () => 'alice')).toBe('alice');
    expect(await memo.get('bob|e', async () => 'bob')).toBe('bob');
  });

  it('does not remember a failure', async () => {
    const memo = new AccessMemo<number>(5000);
    await expect(
      memo.get('k', async () => Promise.reject(new Error('catalog down'))),
    ).rejects.toThrow();
    expect(await memo.get('k', async () => 7)).toBe(7);
  });
});
