import { entityPathOf } from './entityPath';

describe('entityPathOf', () => {
  it('spells the ref as the catalog does', () => {
    expect(entityPathOf({ kind: 'System', name: 'Storefront' })).toEqual({
      kind: 'system',
      namespace: 'default',
      name: 'storefront',
    });
    expect(
      entityPathOf({ kind: 'Component', namespace: 'Payments', name: 'api' }),
    ).toEqual({ kind: 'component', namespace: 'payments', name: 'api' });
  });
});
