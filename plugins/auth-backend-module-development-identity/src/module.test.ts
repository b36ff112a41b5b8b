import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import { authModuleDevelopmentIdentity } from './module';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'priya.nair', namespace: 'default' },
    spec: { memberOf: ['team-payments'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-payments' }],
  },
];

async function backend(environment: string) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleDevelopmentIdentity,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth: {
            environment,
            session: { secret: 'test' },
            providers: {
              'development-payments': {
                userEntityRef: 'user:default/priya.nair',
              },
            },
          },
        },
      }),
    ],
  });
}

const refresh = (server: any) =>
  request(server)
    .get('/api/auth/development-payments/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');

describe('the development identity', () => {
  it('signs in the configured user with the groups the catalog gives them', async () => {
    const started = await backend('development');
    const server = started.server;
    try {
      const res = await refresh(server);
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/priya.nair',
        ownershipEntityRefs: [
          'user:default/priya.nair',
          'group:default/team-payments',
        ],
      });
      expect(res.body.backstageIdentity.token).toMatch(/^ey/);
    } finally {
      await started.stop();
    }
  });

  it('refuses to sign anyone in when auth.environment is production', async () => {
    const started = await backend('production');
    const server = started.server;
    try {
      const res = await refresh(server);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /not available when auth.environment is production/,
      );
    } finally {
      await started.stop();
    }
  });
});
