import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { useDryRunBackend } from './templates/__testUtils__/dryRun';

describe("the Scaffolder's task routes, guarded", () => {
  const backend = useDryRunBackend();
  const post = (route: string, body: object) =>
    request(backend().server)
      .post(`/api/scaffolder/v2/${route}`)
      .set('Authorization', mockCredentials.user.header('user:default/guest'))
      .send(body);

  it.each([
    [{ templateRef: '', values: {} }, /^templateRef: must name a template/],
    [{ templateRef: '   ', values: {} }, /^templateRef: must name a template/],
    [{ templateRef: 42, values: {} }, /^templateRef: must name a template/],
    [{ templateRef: 'template:', values: {} }, /^templateRef: /],
  ])('answers %j with a 400 naming templateRef', async (body, message) => {
    const res = await post('tasks', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers a body over the limit with 413, before the Scaffolder reads it', async () => {
    const res = await post('tasks', {
      templateRef: 'template:default/new-product',
      values: { description: 'x'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
  });

  it('lets a well-formed request through to the Scaffolder', async () => {
    const res = await post('tasks', {
      templateRef: 'template:default/no-such-template',
      values: {},
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Template template:default/no-such-template not found',
    );
  });
});
