/*
 * The Kustomize renderer against fixtures in __fixtures__/kustomize.
 *
 * Fixtures named upstream-* reproduce tests of kustomize itself
 * (kubernetes-sigs/kustomize, tag kustomize/v5.8.1, api/krusty/*_test.go);
 * their expected outputs, content hashes included, are copied from those
 * tests, so they check this renderer against what kustomize really prints.
 * The other fixtures are ours; their expectations are derived from the
 * kustomize sources named in the comments.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { KustomizeError, kustomizeHash, renderKustomization } from '.';

const fixtures = path.join(__dirname, '..', '__fixtures__', 'kustomize');
const render = (dir: string) =>
  renderKustomization(path.join(fixtures, dir), { repoRoot: fixtures });
const objects = (dir: string) => render(dir).map(o => o.object);

function renderError(dir: string): KustomizeError {
  try {
    render(dir);
  } catch (e) {
    if (e instanceof KustomizeError) return e;
    throw e;
  }
  throw new Error(`rendering ${dir} did not fail`);
}

describe('upstream kustomize tests', () => {
  it('generators: literals, envs, files, prefix and hash (TestGeneratorBasics)', () => {
    expect(objects('upstream-generator-basics')).toEqual([
      {
        apiVersion: 'v1',
        data: {
          BIRD: 'falcon',
          MOUNTAIN: 'everest',
          OCEAN: 'pacific',
          'forces.txt':
            '\ngravitational\nelectromagnetic\nstrong nuclear\nweak nuclear\n',
          fruit: 'apple',
          passphrase:
            '\nLife is short.\nBut the years are long.\nNot while the evil days come not.\n',
          vegetable: 'broccoli',
        },
        kind: 'ConfigMap',
        metadata: { name: 'blah-bob-g9df72cd5b' },
      },
      {
        apiVersion: 'v1',
        data: {
          druid_segmentCache_locations:
            '[{"path": "var/druid/segment-cache", "maxSize": 32000000000, "freeSpacePercent": 1.0}]',
          v2: '[{"path": "var/druid/segment-cache"}]',
        },
        kind: 'ConfigMap',
        metadata: { name: 'blah-json-m8529t979f' },
      },
      {
        apiVersion: 'v1',
        data: {
          BIRD: 'ZmFsY29u',
          MOUNTAIN: 'ZXZlcmVzdA==',
          OCEAN: 'cGFjaWZpYw==',
          // kyaml wraps base64 at 70 characters, each line newline-terminated
          'forces.txt':
            'CmdyYXZpdGF0aW9uYWwKZWxlY3Ryb21hZ25ldGljCnN0cm9uZyBudWNsZWFyCndlYWsgbn\nVjbGVhcgo=\n',
          fruit: 'YXBwbGU=',
          passphrase:
            'CkxpZmUgaXMgc2hvcnQuCkJ1dCB0aGUgeWVhcnMgYXJlIGxvbmcuCk5vdCB3aGlsZSB0aG\nUgZXZpbCBkYXlzIGNvbWUgbm90Lgo=\n',
          vegetable: 'YnJvY2NvbGk=',
        },
        kind: 'Secret',
        metadata: { name: 'blah-bob-58g62h555c' },
        type: 'Opaque',
      },
    ]);
  });

  it('generator behavior merge through overlays (TestGeneratorOverlays)', () => {
    expect(objects('upstream-generator-overlays/overlay')).toEqual([
      {
        apiVersion: 'v1',
        data: { baz: 'qux', foo: 'bar', from: 'overlay' },
        kind: 'ConfigMap',
        metadata: { name: 'p1-com1-8tc62428t2' },
      },
      {
        apiVersion: 'v1',
        data: { from: 'overlay' },
        kind: 'ConfigMap',
        metadata: { name: 'p2-com2-87mcggf7d7' },
      },
    ]);
  });

  it('merges into a base reached twice, by prefixed name (TestConfigMapGeneratorMergeNamePrefix)', () => {
    expect(objects('upstream-merge-name-prefix')).toEqual([
      {
        apiVersion: 'v1',
        data: { big: 'crunch', foo: 'bar' },
        kind: 'ConfigMap',
        metadata: { name: 'cm-o2-5k95kd76ft' },
      },
      {
        apiVersion: 'v1',
        data: { big: 'bang', foo: 'bar' },
        kind: 'ConfigMap',
        metadata: { name: 'o1-cm-ft9mmdc8c6' },
      },
    ]);
  });

  it('namespace, prefix and suffix with their references (TestNameAndNsTransformation)', () => {
    expect(objects('upstream-name-and-ns')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'p1-cm1-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'p1-cm2-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'p1-svc1-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'p1-svc2-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'p1-sa1-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'p1-sa2-s1', namespace: 'newnamespace' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'p1-manager-rolebinding-s1' },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'p1-sa1-s1',
            namespace: 'newnamespace',
          },
          {
            kind: 'ServiceAccount',
            name: 'p1-sa2-s1',
            namespace: 'newnamespace',
          },
          { kind: 'ServiceAccount', name: 'sa3', namespace: 'random' },
          {
            kind: 'ServiceAccount',
            name: 'default',
            namespace: 'newnamespace',
          },
        ],
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'p1-example-s1' },
        webhooks: [
          {
            clientConfig: {
              service: { name: 'p1-svc1-s1', namespace: 'newnamespace' },
            },
            name: 'example1',
          },
          {
            clientConfig: {
              service: { name: 'p1-svc2-s1', namespace: 'newnamespace' },
            },
            name: 'example2',
          },
          {
            clientConfig: { service: { name: 'svc3', namespace: 'random' } },
            name: 'example3',
          },
        ],
      },
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'crds.my.org' },
      },
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'namespace.crds.my.org' },
        spec: {
          conversion: {
            strategy: 'Webhook',
            webhook: {
              clientConfig: {
                service: { name: 'crd-svc', namespace: 'newnamespace' },
              },
            },
          },
        },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'p1-cr1-s1' },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'p1-crb1-s1' },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'default',
            namespace: 'newnamespace',
          },
        ],
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'p1-pv1-s1' },
      },
    ]);
  });

  it('base and overlay: labels, prefixes, hashes, references, patches (TestSimpleMultiplePatches)', () => {
    expect(objects('upstream-multiple-patches/overlay')).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          labels: { env: 'staging', team: 'foo' },
          name: 'a-b-nginx',
        },
        spec: {
          selector: { matchLabels: { env: 'staging', team: 'foo' } },
          template: {
            metadata: { labels: { env: 'staging', team: 'foo' } },
            spec: {
              containers: [
                {
                  env: [
                    { name: 'ANOTHERENV', value: 'FOO' },
                    { name: 'ENVKEY', value: 'ENVVALUE' },
                  ],
                  image: 'nginx:latest',
                  name: 'nginx',
                  volumeMounts: [
                    { mountPath: '/tmp/ps', name: 'nginx-persistent-storage' },
                  ],
                },
                { image: 'sidecar:latest', name: 'sidecar' },
              ],
              volumes: [
                {
                  gcePersistentDisk: { pdName: 'nginx-persistent-storage' },
                  name: 'nginx-persistent-storage',
                },
                {
                  configMap: { name: 'a-configmap-in-overlay-dc6fm46dhm' },
                  name: 'configmap-in-overlay',
                },
                {
                  configMap: { name: 'a-b-configmap-in-base-798k5k7g9f' },
                  name: 'configmap-in-base',
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          labels: { env: 'staging', team: 'foo' },
          name: 'a-b-nginx',
        },
        spec: {
          ports: [{ port: 80 }],
          selector: { env: 'staging', team: 'foo' },
        },
      },
      {
        apiVersion: 'v1',
        data: { foo: 'bar' },
        kind: 'ConfigMap',
        metadata: {
          labels: { env: 'staging', team: 'foo' },
          name: 'a-b-configmap-in-base-798k5k7g9f',
        },
      },
      {
        apiVersion: 'v1',
        data: { hello: 'world' },
        kind: 'ConfigMap',
        metadata: {
          labels: { env: 'staging' },
          name: 'a-configmap-in-overlay-dc6fm46dhm',
        },
      },
    ]);
  });

  it('leaves ports with and without protocol alone (TestSmpWithDifferentKeysOnDifferentPorts)', () => {
    const [sts] = objects('upstream-ports/different-keys') as any[];
    expect(sts.metadata).toEqual({ labels: { test: 'label' }, name: 'myapp' });
    expect(sts.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 8500, name: 'http' },
      { containerPort: 8501, name: 'https' },
      { containerPort: 8301, name: 'serflan-tcp', protocol: 'TCP' },
      { containerPort: 8301, name: 'serflan-udp', protocol: 'UDP' },
      { containerPort: 8302, name: 'serfwan' },
      { containerPort: 8300, name: 'server' },
      { containerPort: 8600, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 8600, name: 'dns-udp', protocol: 'UDP' },
    ]);
  });

  it('merges a port without protocol into one with (TestPatchPortHasNoProtocol)', () => {
    expect(objects('upstream-ports/no-protocol')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { labels: { service: 'web' }, name: 'web' },
        spec: {
          ports: [{ port: 30900, protocol: 'TCP', targetPort: 30900 }],
          selector: { service: 'web' },
          type: 'NodePort',
        },
      },
    ]);
  });

  it('prepends a new port (TestPatchAddNewServicePort)', () => {
    expect((objects('upstream-ports/new-port')[0] as any).spec.ports).toEqual([
      { port: 30901, targetPort: 30901 },
      { port: 30900, protocol: 'TCP', targetPort: 30900 },
    ]);
  });

  it('null in a patch removes the field (TestRemoveEmptyDirAddPersistentDisk)', () => {
    expect(
      (objects('upstream-null-field')[0] as any).spec.template.spec,
    ).toEqual({
      volumes: [
        { gcePersistentDisk: { pdName: 'fancyDisk' }, name: 'fancyDisk' },
      ],
    });
  });
});

/**
 * The name suffix kustomize computes (api/hasher), done independently of
 * the renderer: sha256 over Go's JSON of {data, kind, name: ""} (plus type
 * for Secrets) — the name is always "" because the hasher looks it up as
 * a single key "metadata/name" — first 10 hex digits, with 0→g 1→h 3→k
 * a→m e→t.
 */
function expectedHash(json: string): string {
  const swap: Record<string, string> = {
    '0': 'g',
    '1': 'h',
    '3': 'k',
    a: 'm',
    e: 't',
  };
  return [
    ...crypto.createHash('sha256').update(json).digest('hex').slice(0, 10),
  ]
    .map(c => swap[c] ?? c)
    .join('');
}

describe('hash', () => {
  it('matches the vectors of api/hasher/hasher_test.go', () => {
    expect(kustomizeHash({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(
      '6ct58987ht',
    );
    expect(
      kustomizeHash({ apiVersion: 'v1', kind: 'ConfigMap', data: { one: '' } }),
    ).toBe('9g67k2htb6');
    expect(
      kustomizeHash({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        data: { one: '' },
        binaryData: { two: '' },
      }),
    ).toBe('698h7c7t9m');
    expect(
      kustomizeHash({ apiVersion: 'v1', kind: 'Secret', type: 'my-type' }),
    ).toBe('5gmgkf8578');
    expect(
      kustomizeHash({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'my-type',
        data: { one: '' },
      }),
    ).toBe('74bd68bm66');
  });

  it('escapes like Go encoding/json (<, >, & as \\u escapes)', () => {
    expect(
      kustomizeHash({
        kind: 'ConfigMap',
        metadata: { name: 'x' },
        data: { k: 'a<b>&c' },
      }),
    ).toBe(
      expectedHash(
        '{"data":{"k":"a\\u003cb\\u003e\\u0026c"},"kind":"ConfigMap","name":""}',
      ),
    );
  });
});

describe('base, overlay and component', () => {
  const cm = `prod-web-config-${expectedHash(
    '{"data":{"LOG_LEVEL":"warn"},"kind":"ConfigMap","name":""}',
  )}`;
  // base64("s3cr3t") = czNjcjN0
  const secret = `prod-web-secret-${expectedHash(
    '{"data":{"token":"czNjcjN0"},"kind":"Secret","name":"","type":"Opaque"}',
  )}`;
  const labels = {
    'app.kubernetes.io/name': 'web',
    monitoring: 'enabled',
    env: 'prod',
  };
  const annotations = { team: 'platform' };
  const meta = (name: string) => ({
    name,
    namespace: 'prod',
    labels,
    annotations,
  });

  it('renders in the legacy kind order with every transformer applied', () => {
    const out = render('app/overlays/prod');
    expect(out.map(o => [o.object.kind, o.file])).toEqual([
      ['Namespace', 'app/overlays/prod/namespace.yaml'],
      ['ServiceAccount', 'app/base/rbac.yaml'],
      ['Role', 'app/base/rbac.yaml'],
      ['RoleBinding', 'app/base/rbac.yaml'],
      ['ConfigMap', 'app/overlays/prod/kustomization.yaml'],
      ['Secret', 'app/base/kustomization.yaml'],
      ['Service', 'app/base/service.yaml'],
      ['Deployment', 'app/base/deployment.yaml'],
      ['CronJob', 'app/overlays/prod/cronjob.yaml'],
      ['ServiceMonitor', 'app/components/monitoring/servicemonitor.yaml'],
    ]);
    expect(out.map(o => o.object)).toEqual([
      {
        // a v1 Namespace takes the kustomization's namespace as its name
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'prod',
          labels: { monitoring: 'enabled', env: 'prod' },
          annotations,
        },
      },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('prod-web') },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta('prod-web'),
        // namereference.go lists rules/resourceNames of Roles as ConfigMap references
        rules: [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            resourceNames: [cm],
            verbs: ['get'],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta('prod-web'),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'prod-web',
        },
        subjects: [
          // renamed by the name reference; its namespace comes from the ServiceAccount
          { kind: 'ServiceAccount', name: 'prod-web', namespace: 'prod' },
          // the namespace transformer only fills in subjects named "default"
          { kind: 'ServiceAccount', name: 'default', namespace: 'prod' },
          { kind: 'User', name: 'alice' },
        ],
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(cm),
        data: { LOG_LEVEL: 'warn' },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(secret),
        type: 'Opaque',
        data: { token: 'czNjcjN0' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('prod-web'),
        spec: {
          ports: [{ port: 80 }],
          selector: { 'app.kubernetes.io/name': 'web' },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          ...meta('prod-web'),
          annotations: { 'prometheus.io/scrape': 'true', team: 'platform' },
        },
        spec: {
          replicas: 3,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          template: {
            metadata: {
              labels: { 'app.kubernetes.io/name': 'web', env: 'prod' },
              annotations,
            },
            spec: {
              serviceAccountName: 'prod-web',
              initContainers: [
                { name: 'migrate', image: 'ghcr.io/acme/web:2.0.0' },
              ],
              // the strategic merge patch names proxy first, which moves it to
              // the front (kyaml merges with ListIncreaseDirection=Prepend,
              // kustomize issue #5904); the JSON patch then adds args to
              // containers/1, which is by then "web"
              containers: [
                { name: 'proxy', image: 'envoyproxy/envoy:v1.31' },
                {
                  name: 'web',
                  image: 'ghcr.io/acme/web:2.0.0',
                  args: ['--log-level', 'warn'],
                  envFrom: [{ configMapRef: { name: cm } }],
                  env: [
                    { name: 'REGION', value: 'eu-west-1' },
                    {
                      name: 'TOKEN',
                      valueFrom: {
                        secretKeyRef: { name: secret, key: 'token' },
                      },
                    },
                  ],
                  volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
                },
              ],
              volumes: [
                { name: 'config', configMap: { name: cm } },
                {
                  name: 'creds',
                  projected: { sources: [{ secret: { name: secret } }] },
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {
          ...meta('prod-cleanup'),
          labels: { monitoring: 'enabled', env: 'prod' },
        },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            // includeTemplates: the CronJob's job and pod templates get the label
            metadata: { labels: { env: 'prod' }, annotations },
            spec: {
              template: {
                metadata: { labels: { env: 'prod' }, annotations },
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [
                    {
                      name: 'cleanup',
                      image: 'registry.local/busybox@sha256:0123456789abcdef',
                    },
                  ],
                },
              },
            },
          },
        },
      },
      {
        // unknown kinds are namespaced
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: {
          ...meta('prod-web'),
          labels: { monitoring: 'enabled', env: 'prod' },
        },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          endpoints: [{ port: 'http' }],
        },
      },
    ]);
  });

  it('renders the base on its own', () => {
    const out = objects('app/base') as any[];
    expect(out.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/web',
      'Role/web',
      'RoleBinding/web',
      `ConfigMap/web-config-${expectedHash(
        '{"data":{"LOG_LEVEL":"info"},"kind":"ConfigMap","name":""}',
      )}`,
      `Secret/web-secret-${expectedHash(
        '{"data":{"token":"czNjcjN0"},"kind":"Secret","name":"","type":"Opaque"}',
      )}`,
      'Service/web',
      'Deployment/web',
    ]);
    // includeSelectors: the label goes into selectors and the pod template
    expect(out[6].spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'web' },
    });
    expect(out[6].spec.template.metadata).toEqual({
      labels: { 'app.kubernetes.io/name': 'web' },
    });
    expect(
      out[6].spec.template.spec.containers.map((c: any) => c.name),
    ).toEqual(['web', 'proxy']);
  });
});

describe('strategic merge patches', () => {
  it('follows kyaml merge2: merge keys, prepend order, $patch directives', () => {
    expect(objects('smp')).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'app',
          // finalizers: a merged primitive list, the patch's values first
          finalizers: ['example.com/cleanup', 'example.com/keep'],
        },
        spec: {
          replicas: 1,
          template: {
            spec: {
              // list-level `- $patch: replace`
              initContainers: [{ name: 'only', image: 'only:1' }],
              // patch 1: c merged (its resources map replaced by `$patch:
              // replace`), new prepended with it, a deleted by `$patch:
              // delete`: [c, new, b]. Patch 2 names b with `$patch: replace`:
              // b moves to the front but keeps its content, since kyaml puts
              // the original element back (appendListNode); kustomize users
              // see the same (kubernetes-sigs/cli-experimental#234).
              containers: [
                { name: 'b', image: 'b:1' },
                {
                  name: 'c',
                  image: 'c:2',
                  resources: { limits: { memory: '1Gi' } },
                },
                { name: 'new', image: 'new:1' },
              ],
              volumes: [{ name: 'data', emptyDir: {} }],
              // no patch strategy in the schema: replaced
              tolerations: [{ key: 'dedicated', operator: 'Exists' }],
            },
          },
        },
      },
      {
        // a kind outside kustomize's schema: lists are replaced, maps merged,
        // null deletes; the ConfigMap was deleted by `$patch: delete`
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { items: [{ name: 'y', v: 3 }], settings: { a: 1, c: 3 } },
      },
    ]);
  });
});

describe('JSON 6902 patches', () => {
  it('applies add, remove, replace, move, copy and test in order', () => {
    expect(objects('json6902')).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'api',
          labels: {
            copied: 'backend',
            moved: 'backend',
            'app.kubernetes.io/name': 'api',
          },
          annotations: { patched: 'json' },
        },
        spec: {
          replicas: 2,
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  image: 'api:1',
                  args: ['--first', '--b', '--c'],
                },
              ],
            },
          },
        },
      },
    ]);
  });
});

describe('patch targets', () => {
  it('selects by regex name, label and annotation selectors, gvk and namespace', () => {
    expect(
      (objects('selectors') as any[]).map(o => [
        `${o.kind}/${o.metadata.name}`,
        o.metadata.labels ?? {},
        o.metadata.annotations ?? {},
      ]),
    ).toEqual([
      ['ConfigMap/backend', {}, {}],
      ['Deployment/backend', { tier: 'api' }, { 'matched-by': 'name-regex' }],
      [
        'Deployment/backend-worker',
        { tier: 'api', team: 'b' },
        { owner: 'team-b', 'matched-by': 'name-regex' },
      ],
      [
        'Deployment/canary',
        { tier: 'web', canary: 'true', 'matched-by': 'label-selector' },
        {},
      ],
      [
        'Deployment/frontend',
        {
          tier: 'web',
          'matched-by': 'label-selector',
          'not-api': 'yes',
          'namespace-default': 'yes',
        },
        { owner: 'team-a' },
      ],
    ]);
  });
});

describe('namespaces, cluster scope and references', () => {
  it('namespaces only namespaced kinds, renames references, sorts in legacy order', () => {
    const out = objects('scope') as any[];
    expect(
      out.map(o => [o.kind, o.metadata.name, o.metadata.namespace]),
    ).toEqual([
      // a v1 Namespace is renamed to the namespace, never prefixed
      ['Namespace', 'team-a', undefined],
      ['StorageClass', 'a-fast', undefined],
      // CRDs are neither prefixed nor namespaced
      ['CustomResourceDefinition', 'widgets.example.com', undefined],
      ['ServiceAccount', 'a-app', 'team-a'],
      ['ClusterRole', 'a-reader', undefined],
      ['ClusterRoleBinding', 'a-reader', undefined],
      ['PriorityClass', 'a-high', undefined],
      ['PersistentVolumeClaim', 'a-data', 'team-a'],
      // cluster-scoped as in kustomize master (PR #6056); v5.8.1 namespaces them
      ['ValidatingAdmissionPolicy', 'a-policy', undefined],
      ['ValidatingAdmissionPolicyBinding', 'a-binding', undefined],
      // kinds kustomize does not know are namespaced
      ['Widget', 'a-w', 'team-a'],
      ['Pod', 'a-runner', 'team-a'],
    ]);
    expect(out[5].roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'a-reader',
    });
    expect(out[5].subjects).toEqual([
      { kind: 'ServiceAccount', name: 'a-app', namespace: 'team-a' },
    ]);
    expect(out[7].spec).toEqual({ storageClassName: 'a-fast' });
    expect(out[9].spec.policyName).toBe('a-policy');
    expect(out[11].spec).toMatchObject({
      serviceAccountName: 'a-app',
      priorityClassName: 'a-high',
    });
  });

  it('keeps input order with sortOptions fifo', () => {
    expect(objects('sort/fifo').map(o => o.kind)).toEqual([
      'Namespace',
      'CustomResourceDefinition',
      'StorageClass',
      'PriorityClass',
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'ServiceAccount',
      'Pod',
      'PersistentVolumeClaim',
      'Widget',
    ]);
  });

  it('uses legacySortOptions, then group_version_kind order', () => {
    expect(objects('sort/custom').map(o => o.kind)).toEqual([
      'Pod',
      'Widget',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'PriorityClass',
      'StorageClass',
      'PersistentVolumeClaim',
      'ServiceAccount',
      'Namespace',
    ]);
  });
});

describe('images', () => {
  it('updates containers anywhere and image volumes, but not CRDs', () => {
    const [crd, runner, pod] = objects('images') as any[];
    expect(crd.spec.example.containers[0].image).toBe('app');
    expect(runner.spec.deep.containers[0].image).toBe('ghcr.io/acme/app');
    expect(pod.spec.containers.map((c: any) => c.image)).toEqual([
      // a registry port is not a tag
      'localhost:5000/tool:2',
      // a new tag replaces the digest
      'nginx:1.27',
      'nginx-exporter:1',
    ]);
    expect(pod.spec.volumes[0].image.reference).toBe('ghcr.io/acme/app:v3');
  });
});

describe('generator options', () => {
  it('applies options, binary data, secret types, and drops local configs', () => {
    expect(objects('generators')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `hashed-${expectedHash(
            '{"data":{"b":"2","quoted":"single quotes removed"},"kind":"ConfigMap","name":""}',
          )}`,
          labels: { generated: 'local' },
        },
        data: { b: '2', quoted: 'single quotes removed' },
        immutable: true,
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'plain', labels: { generated: 'true' } },
        data: { 'greeting.txt': 'hello\n' },
        // not UTF-8: binaryData
        binaryData: { 'blob.bin': '//4A' },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: `tls-${expectedHash(
            '{"data":{"tls.crt":"Q0VSVAo=","tls.key":"S0VZCg=="},"kind":"Secret","name":"","type":"kubernetes.io/tls"}',
          )}`,
          labels: { generated: 'true' },
        },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': 'Q0VSVAo=', 'tls.key': 'S0VZCg==' },
      },
    ]);
  });
});

describe('errors', () => {
  it.each([
    [
      'missing-resource',
      'errors/missing-resource/kustomization.yaml',
      /resource "absent\.yaml" not found/,
    ],
    [
      'unsupported-field',
      'errors/unsupported-field/kustomization.yaml',
      /field "replacements" is unsupported by this renderer/,
    ],
    [
      'unsupported-label-fields',
      'errors/unsupported-label-fields/kustomization.yaml',
      /field "labels\[0\]\.fields" is unsupported by this renderer/,
    ],
    [
      'numeric-label',
      'errors/numeric-label/kustomization.yaml',
      /commonLabels\.version must be a string/,
    ],
    [
      'patch-outside',
      'errors/patch-outside/kustomization.yaml',
      /security; patch "\.\.\/shared\/patch\.yaml" resolves to errors\/shared\/patch\.yaml, which is not in or below errors\/patch-outside/,
    ],
    [
      'resource-file-outside',
      'errors/resource-file-outside/kustomization.yaml',
      /security; resource "\.\.\/shared\/cm\.yaml"/,
    ],
    [
      'cycle/a',
      'errors/cycle/b/kustomization.yaml',
      /cycle detected: resource "\.\.\/a" \(errors\/cycle\/a\) contains visited root errors\/cycle\/a/,
    ],
    [
      'parent',
      'errors/parent/child/kustomization.yaml',
      /cycle detected: resource "\.\."/,
    ],
    [
      'duplicate',
      'errors/duplicate/kustomization.yaml',
      /already registered id: ConfigMap\.v1\.\[noGrp\]\/settings\.default \(from errors\/duplicate\/one\.yaml and errors\/duplicate\/two\.yaml\)/,
    ],
    [
      'namespace-conflict',
      'errors/namespace-conflict/kustomization.yaml',
      /namespace transformation produces ID conflict: ConfigMap\.v1\.\[noGrp\]\/settings\.merged/,
    ],
    [
      'json-test-fails',
      'errors/json-test-fails/kustomization.yaml',
      /patches\[0\] \(inline\): on ConfigMap\.v1\.\[noGrp\]\/settings\.\[noNs\]: testing value \/metadata\/name failed/,
    ],
    [
      'patch-no-match',
      'errors/patch-no-match/kustomization.yaml',
      /no resource matches strategic merge patch ConfigMap\.v1\.\[noGrp\]\/other\.\[noNs\]/,
    ],
    ['no-kustomization', 'errors/no-kustomization', /no kustomization file/],
    [
      'multiple-kustomizations',
      'errors/multiple-kustomizations',
      /multiple kustomization files: kustomization\.yaml, kustomization\.yml/,
    ],
    [
      'remote',
      'errors/remote/kustomization.yaml',
      /remote targets are not supported/,
    ],
    [
      'absolute',
      'errors/absolute/kustomization.yaml',
      /"\/etc\/hosts" is an absolute path/,
    ],
    [
      'component-kind',
      'errors/component-kind/kustomization.yaml',
      /expected kind 'Component' for path 'errors\/shared' but got 'Kustomization'/,
    ],
    [
      'replicas-no-match',
      'errors/replicas-no-match/kustomization.yaml',
      /resource with name shared does not match/,
    ],
  ])('%s', (dir, file, reason) => {
    const e = renderError(`errors/${dir}`);
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(reason);
    expect(e.message).toBe(`${file}: ${e.reason}`);
  });

  it('refuses anything outside the repository root', () => {
    let error: unknown;
    try {
      renderKustomization(
        path.join(fixtures, 'errors/outside-repo-root/inner'),
        {
          repoRoot: path.join(fixtures, 'errors/outside-repo-root'),
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KustomizeError);
    expect((error as KustomizeError).file).toBe('inner/kustomization.yaml');
    expect((error as KustomizeError).reason).toMatch(
      /resource "\.\.\/\.\.\/shared" resolves to .*errors\/shared, outside the repository root/,
    );
  });

  it('does not fail when a patch target matches nothing', () => {
    expect(() => render('selectors')).not.toThrow();
  });

  it('uses absolute paths without repoRoot', () => {
    const [first] = renderKustomization(path.join(fixtures, 'smp'));
    expect(first.file).toBe(path.join(fixtures, 'smp', 'workloads.yaml'));
  });
});
