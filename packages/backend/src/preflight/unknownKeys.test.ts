import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readConfigFiles } from './checkConfig';
import { declaredSchemas, unknownTrinityKeys } from './unknownKeys';

/** A declaration shaped like what Backstage compiles from a config.d.ts. */
const fleetSchema = {
  type: 'object',
  properties: {
    trinity: {
      type: 'object',
      properties: {
        fleet: {
          type: 'object',
          properties: { deadlineMs: { type: 'number' } },
        },
        clusters: {
          type: 'object',
          additionalProperties: { $ref: '#/definitions/Cluster' },
        },
        zones: { type: 'array', items: { $ref: '#/definitions/Zone' } },
        free: { type: 'object' },
      },
    },
  },
  definitions: {
    Cluster: { type: 'object', properties: { ingress: { type: 'string' } } },
    Zone: {
      type: 'object',
      properties: { name: { type: 'string' }, provider: { type: 'string' } },
    },
  },
};
const tokenSchema = {
  type: 'object',
  properties: {
    trinity: {
      type: 'object',
      properties: {
        clusters: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { readToken: { type: 'string' } },
          },
        },
      },
    },
  },
};

describe('unknownTrinityKeys', () => {
  const check = (data: object) =>
    unknownTrinityKeys(
      [fleetSchema, tokenSchema],
      [{ file: 'app-config.local.yaml', data: data as any }],
    );

  it('accepts every declared key, across packages that declare parts of one object', () => {
    expect(
      check({
        trinity: {
          fleet: { deadlineMs: 1 },
          clusters: { a: { ingress: '127.0.0.11', readToken: 't' } },
          zones: [{ name: 'z', provider: 'powerdns' }],
          free: { anything: { goes: 1 } },
        },
        somethingElse: { notOurs: true },
      }),
    ).toEqual([]);
  });

  it('names an undeclared key, where it is, and the likely intended one', () => {
    expect(
      check({
        trinity: {
          fleet: { deadlinMs: 1 },
          clusters: { a: { ingres: 'x' } },
          zones: [{ name: 'z', provder: 'p' }],
          fleeet: {},
        },
      }),
    ).toEqual([
      {
        file: 'app-config.local.yaml',
        key: 'trinity.fleet.deadlinMs',
        message:
          'unknown key trinity.fleet.deadlinMs: no package of the portal reads it; did you mean deadlineMs?',
      },
      expect.objectContaining({
        key: 'trinity.clusters.a.ingres',
        message: expect.stringMatching(/did you mean ingress\?$/),
      }),
      expect.objectContaining({
        key: 'trinity.zones[0].provder',
        message: expect.stringMatching(/did you mean provider\?$/),
      }),
      expect.objectContaining({ key: 'trinity.fleeet' }),
    ]);
  });

  it("passes the repository's own config files against every package's declarations", async () => {
    const schemas = await declaredSchemas(
      resolvePackagePath('backend', 'package.json'),
    );
    const root = resolvePackagePath('backend', '../..');
    const files = readConfigFiles([
      path.join(root, 'app-config.yaml'),
      path.join(root, 'app-config.production.yaml'),
    ]);
    expect(files).toHaveLength(2);
    expect(unknownTrinityKeys(schemas, files)).toEqual([]);
    // And the real declarations do catch a typo.
    expect(
      unknownTrinityKeys(schemas, [
        { file: 'x.yaml', data: { trinity: { fleet: { deadlinMs: 1 } } } },
      ]),
    ).toHaveLength(1);
  }, 60_000);
});
