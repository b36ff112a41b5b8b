/*
 * Policy exceptions: a granted, current exception lets a tenant's workload
 * through the policy it names (and only that one); the broken fixtures
 * (exception-*.yaml) cover expired and unknown ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { materialise } from './brokenFixtures';
import { formatProblem } from './problems';
import { validateInfra } from './validate';

const repoRoot = path.resolve(__dirname, '../../..');

/** The storefront on GCP gets a debug Deployment on the latest tag. */
const latestTagWorkload = [
  {
    file: 'infra/tenants/storefront/clusters/gcp-euw1-prod-01/debug.yaml',
    content: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: debug',
      '  labels: {team: team-storefront, product: storefront}',
      'spec:',
      '  selector: {matchLabels: {app: debug}}',
      '  template:',
      '    metadata:',
      '      labels: {app: debug, team: team-storefront, product: storefront}',
      '    spec:',
      '      containers:',
      '        - name: debug',
      '          image: registry.trinity.example/tools/debug:latest',
      '          resources:',
      '            requests: {cpu: 10m, memory: 16Mi}',
      '            limits: {memory: 16Mi}',
      '',
    ].join('\n'),
  },
  {
    file: 'infra/tenants/storefront/clusters/gcp-euw1-prod-01/kustomization.yaml',
    replace: '  - ../../base',
    with: '  - ../../base\n  - debug.yaml',
  },
];

const exception = (expires: string) => ({
  file: 'infra/tenants/storefront/base/namespace.yaml',
  replace: '    pod-security.kubernetes.io/warn: restricted',
  with: [
    '    pod-security.kubernetes.io/warn: restricted',
    '    exceptions.trinity.io/disallow-latest-tag: PLAT-101',
    '  annotations:',
    '    exceptions.trinity.io/disallow-latest-tag.reason: vendor debug image, tags pending',
    `    exceptions.trinity.io/disallow-latest-tag.expires: '${expires}'`,
  ].join('\n'),
});

function problemsWith(edits: any[]) {
  const root = materialise(repoRoot, {
    name: 'exception',
    description: '',
    edits,
    expect: { file: '', reason: '' },
  });
  try {
    return validateInfra({
      repoRoot: root,
      today: new Date('2026-11-22T12:00:00Z'),
    }).problems.map(formatProblem);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('policy exceptions', () => {
  it('without an exception, the latest tag is refused', () => {
    expect(problemsWith(latestTagWorkload)).toEqual([
      expect.stringContaining('refused by trinity-disallow-latest-tag'),
    ]);
  }, 120_000);

  it('a current exception lets it through', () => {
    expect(
      problemsWith([...latestTagWorkload, exception('2026-12-31')]),
    ).toEqual([]);
  }, 120_000);

  it('an exception longer than 90 days is refused', () => {
    expect(problemsWith([exception('2027-06-01')])).toEqual([
      expect.stringContaining('more than 90 days from 2026-11-22'),
    ]);
  }, 120_000);
});
