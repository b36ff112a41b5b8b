import { projectFields } from './fields';

// Cases from the behaviour of argo-cd's forwarder (util/http, processItem):
// listed paths and their parents stay, an excluded path goes.
describe('projectFields', () => {
  const list = {
    metadata: { resourceVersion: '7' },
    items: [
      {
        metadata: { name: 'web', labels: { team: 'shop' }, uid: 'u1' },
        spec: { project: 'shop', source: { repoURL: 'r' } },
        status: { sync: { status: 'Synced' }, resources: [{ kind: 'Pod' }] },
      },
    ],
  };

  it('keeps only the listed paths, in every item', () => {
    expect(
      projectFields(list, 'items.metadata.name,items.status.sync'),
    ).toEqual({
      items: [
        { metadata: { name: 'web' }, status: { sync: { status: 'Synced' } } },
      ],
    });
  });

  it('drops the listed paths with a leading minus', () => {
    expect(projectFields(list, '-items.status,metadata')).toEqual({
      items: [
        {
          metadata: { name: 'web', labels: { team: 'shop' }, uid: 'u1' },
          spec: { project: 'shop', source: { repoURL: 'r' } },
        },
      ],
    });
  });

  it('answers everything without the parameter, and leaves the input alone', () => {
    expect(projectFields(list, '')).toBe(list);
    projectFields(list, 'items.metadata.name');
    expect(list.items[0].spec.project).toBe('shop');
  });
});
