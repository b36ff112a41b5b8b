import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { policyCell } from './policyCell';
import { exceptionsFor } from './policyExceptions';
import { OwnedObject, PolicyReportObject, resultsFor } from './policyReports';

/** The reports of a fixture: a report, or a `List` of them. */
function reportsOf(file: string): PolicyReportObject[] {
  const text = fs.readFileSync(
    path.join(__dirname, '__fixtures__/kyverno', file),
    'utf8',
  );
  return parseAllDocuments(text).flatMap(doc => {
    const value = doc.toJS();
    // Chainsaw's assert files list items without `kind: List`.
    return Array.isArray(value.items) ? value.items : [value];
  });
}

const pod = (name: string, extra: Partial<OwnedObject['metadata']> = {}) => ({
  kind: 'Pod',
  metadata: { name, ...extra },
});
const deployment = (name: string) => ({
  kind: 'Deployment',
  metadata: { name },
});

describe('the policy column on reports Kyverno wrote', () => {
  it('a per-resource PolicyReport (Kyverno 1.11+): the scope names the Pod, matched by uid', () => {
    const reports = reportsOf('polr-pod-full-website.yaml');
    const ours = [
      pod('kube-apiserver-kind-control-plane', {
        namespace: 'kube-system',
        uid: '487df031-11d8-4ab4-b089-dfc0db1e533e',
      }),
    ];
    const results = resultsFor(reports, ours);
    expect(results.map(result => [result.policy, result.result])).toEqual([
      ['disallow-capabilities', 'pass'],
      ['disallow-host-namespaces', 'fail'],
    ]);
    const cell = policyCell(results);
    expect(cell.status).toBe('warning'); // a medium failure
    expect(cell.data?.failing).toEqual([
      {
        policy: 'disallow-host-namespaces',
        severity: 'medium',
        category: 'Pod Security Standards (Baseline)',
        message: expect.stringContaining(
          'Sharing the host namespaces is disallowed',
        ),
        resources: ['Pod/kube-apiserver-kind-control-plane'],
      },
    ]);
    // A Pod of the same name recreated since (another uid) is not ours.
    expect(
      resultsFor(reports, [
        pod('kube-apiserver-kind-control-plane', {
          namespace: 'kube-system',
          uid: 'another-uid',
        }),
      ]),
    ).toEqual([]);
    expect(cell).toMatchSnapshot();
  });

  it('a report about a controller counts through the owner references of what the selector lists', () => {
    const reports = reportsOf('polr-deployment-scored-false-warn.yaml');
    // The selector found a ReplicaSet (not its Deployment, whose labels may
    // differ); the ReplicaSet names the Deployment the report is about.
    const replicaSet = {
      kind: 'ReplicaSet',
      metadata: {
        name: 'nginx-test-7c5d8f',
        ownerReferences: [{ kind: 'Deployment', name: 'nginx-test' }],
      },
    };
    expect(
      resultsFor(reports, [replicaSet]).map(result => result.resource),
    ).toEqual(['Deployment/nginx-test']);
    expect(
      resultsFor(reports, [
        { ...replicaSet, metadata: { name: 'nginx-test-7c5d8f' } },
      ]),
    ).toEqual([]);
  });

  it('openreports Reports read like PolicyReports; a namespaced policy keeps its namespace/name', () => {
    const reports = reportsOf('openreports-report-list-website.yaml');
    const [result] = resultsFor(reports, [
      pod('example-deployment-c94dc9f47-dfq6l', { namespace: 'default' }),
    ]);
    expect(result).toMatchObject({
      policy: 'default/require-app-label',
      result: 'fail',
      resource: 'Pod/example-deployment-c94dc9f47-dfq6l',
    });
    // No severity in the policy: the failure counts as unset, and warns.
    const cell = policyCell([result]);
    expect(cell.status).toBe('warning');
    expect(cell.data?.bySeverity).toEqual({ unset: 1 });
    expect(cell).toMatchSnapshot();
    expect(resultsFor(reports, [deployment('someone-else')])).toEqual([]);
  });

  it('a CEL ValidatingPolicy: no rule, the CEL message as written, severity and category from its annotations', () => {
    const reports = reportsOf('vpol-polr-message-exp-severity-category.yaml');
    const results = resultsFor(reports, [deployment('no-env')]);
    expect(results).toEqual([
      expect.objectContaining({
        policy: 'check-deployment-labels',
        result: 'fail',
        source: 'KyvernoValidatingPolicy',
        severity: 'medium',
        category: 'Other',
        message:
          'Deployment labels must be env=prod but no env label is present',
        resource: 'Deployment/no-env',
      }),
    ]);
    expect(results[0].rule).toBeUndefined();
    // The passing Deployment's report is another resource's.
    expect(
      resultsFor(reports, [deployment('good-deployment')]).map(
        result => result.result,
      ),
    ).toEqual(['pass']);
    expect(policyCell(results)).toMatchSnapshot();
  });

  it('a policy that is not scored reports warn: the cell warns, nothing failed', () => {
    const results = resultsFor(
      reportsOf('polr-deployment-scored-false-warn.yaml'),
      [deployment('nginx-test')],
    );
    const cell = policyCell(results);
    expect(cell.status).toBe('warning');
    expect(cell.data?.counts).toEqual({
      pass: 0,
      fail: 0,
      warn: 1,
      error: 0,
      skip: 0,
    });
    expect(cell.summary).toBe('0 failed, 1 warned · warnings only');
  });

  it('an aggregated report before 1.11: each result names its resources', () => {
    const reports = reportsOf('legacy-v1.9.5-polr-with-resources.yaml');
    const results = resultsFor(reports, [
      pod('badpod01', { namespace: 'default' }),
    ]);
    expect(results.map(result => result.resource)).toEqual(['Pod/badpod01']);
    // Same name in another namespace: not ours.
    expect(
      resultsFor(reports, [pod('badpod01', { namespace: 'payments' })]),
    ).toEqual([]);
    expect(policyCell(results)).toMatchSnapshot();
  });

  it('says unknown when no report covers the workloads', () => {
    expect(policyCell([])).toEqual({
      status: 'unknown',
      summary: 'no policy report covers these workloads',
    });
  });
});

describe('exceptions on reports Kyverno wrote', () => {
  const exceptionObjects = reportsOf('polex-cel-exception.yaml') as any[];

  it('a result a CEL PolicyException skipped: listed with its policy and resource, not a failure', () => {
    const results = resultsFor(reportsOf('vpol-polr-skip-exception.yaml'), [
      deployment('skipped-deployment'),
    ]);
    expect(results.map(r => [r.policy, r.result])).toEqual([
      ['vpol-report-background-sample', 'skip'],
    ]);
    const exceptions = exceptionsFor(results, exceptionObjects, new Date());
    expect(exceptions).toEqual([
      {
        name: 'exclude-skipped-deployment',
        policies: ['vpol-report-background-sample'],
        resources: ['Deployment/skipped-deployment'],
        found: true,
      },
    ]);
    const cell = policyCell(results, undefined, exceptions);
    expect(cell.status).toBe('ok');
    expect(cell.summary).toBe('0 passed · 1 excepted');
    expect(cell.data?.exceptions).toEqual(exceptions);
  });

  it('an exception the report names but the cluster does not list is shown as not found', () => {
    const results = resultsFor(reportsOf('vpol-polr-skip-exception.yaml'), [
      deployment('skipped-deployment'),
    ]);
    expect(exceptionsFor(results, [], new Date())[0]).toMatchObject({
      name: 'exclude-skipped-deployment',
      found: false,
    });
  });

  it('reads reason, ticket, approver and expiry from the exception (the CRD spec.properties and expiresAt)', () => {
    const results = resultsFor(reportsOf('vpol-polr-skip-exception.yaml'), [
      deployment('skipped-deployment'),
    ]);
    const granted = {
      ...exceptionObjects[0],
      metadata: { ...exceptionObjects[0].metadata, namespace: 'kyverno' },
      spec: {
        ...exceptionObjects[0].spec,
        expiresAt: '2026-12-31T00:00:00Z',
        properties: {
          reason: 'vendor image',
          ticket: 'PLAT-101',
          'approved-by': 'team-platform',
        },
      },
    };
    expect(
      exceptionsFor(results, [granted], new Date('2026-12-04T00:00:00Z'))[0],
    ).toMatchObject({
      namespace: 'kyverno',
      reason: 'vendor image',
      ticket: 'PLAT-101',
      approvedBy: 'team-platform',
      expiresAt: '2026-12-31T00:00:00Z',
      expired: false,
    });
    expect(
      exceptionsFor(results, [granted], new Date('2027-01-01T00:00:00Z'))[0]
        .expired,
    ).toBe(true);
  });
});
