import { partOf } from './partOf';

describe('partOf', () => {
  it('filters a list once per key and keeps the part with the list', () => {
    const list = [
      { ns: 'shop', name: 'web' },
      { ns: 'pay', name: 'api' },
      { ns: 'shop', name: 'api' },
    ];
    let tests = 0;
    const inShop = (item: { ns: string }) => {
      tests += 1;
      return item.ns === 'shop';
    };
    const first = partOf(list, 'ns:shop', inShop);
    expect(first.map(item => item.name)).toEqual(['web', 'api']);
    expect(partOf(list, 'ns:shop', inShop)).toBe(first);
    expect(tests).toBe(3);
    // Another key is another filter; another list (the next read) too.
    expect(partOf(list, 'ns:pay', item => item.ns === 'pay')).toHaveLength(1);
    const next = [...list, { ns: 'shop', name: 'worker' }];
    expect(partOf(next, 'ns:shop', inShop)).toHaveLength(3);
  });
});
