import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { blockedAdmissionOf, blockedFor, KubeEvent } from './blockedAdmissions';

/** Kyverno's admission Events, as its own conformance test asserts them. */
const events: KubeEvent[] = parseAllDocuments(
  fs.readFileSync(
    path.join(
      __dirname,
      '__fixtures__/kyverno/event-cpol-admission-blocked-and-audit.yaml',
    ),
    'utf8',
  ),
).map(doc => doc.toJS());

const now = new Date('2026-12-04T12:00:00Z');
const minutesAgo = (minutes: number) =>
  new Date(now.getTime() - minutes * 60_000).toISOString();
// The assert file leaves out what it does not check, timestamps among them.
const at = (event: KubeEvent, time: string): KubeEvent => ({
  ...event,
  lastTimestamp: time,
});

describe("Kyverno's refused admissions, from the Events Kyverno wrote", () => {
  it('reads the two refusals and neither the audited failure nor the pass', () => {
    const refused = events.flatMap(event => blockedAdmissionOf(event) ?? []);
    expect(refused).toEqual([
      {
        policy: 'check-ns-labels',
        rule: 'require-ns-purpose-label',
        resource: 'Namespace/bad-ns-1',
        namespace: undefined,
        message:
          'validation error: You must have label `purpose` with value `production` set on all new namespaces. rule require-ns-purpose-label failed at path /metadata/labels/purpose/',
        at: '',
        count: 1,
      },
      expect.objectContaining({ resource: 'Namespace/bad-ns-2' }),
    ]);
  });

  it('counts a refusal of the entity: its namespace, or a resource in it named after its workloads', () => {
    const recent = events.map(event => at(event, minutesAgo(30)));
    expect(
      blockedFor(recent, { namespace: 'bad-ns-1' }, now, 24 * 3600_000).map(
        blocked => blocked.resource,
      ),
    ).toEqual(['Namespace/bad-ns-1']);
    expect(
      blockedFor(recent, { namespace: 'payments' }, now, 24 * 3600_000),
    ).toEqual([]);

    // A Deployment refused in the entity's namespace, as Kyverno words it.
    const deployment: KubeEvent = {
      reason: 'PolicyViolation',
      action: 'Resource Blocked',
      involvedObject: { kind: 'ClusterPolicy', name: 'disallow-latest-tag' },
      related: { kind: 'Deployment', name: 'api', namespace: 'shop' },
      message:
        'Deployment shop/api: [require-image-tag] fail (blocked); validation error: an image tag other than latest is required. rule require-image-tag failed at path /spec/containers/0/image/',
      lastTimestamp: minutesAgo(5),
      count: 3,
    };
    const shop = { namespace: 'shop', workloadName: 'api' };
    expect(blockedFor([deployment], shop, now, 3600_000)).toEqual([
      expect.objectContaining({
        policy: 'disallow-latest-tag',
        rule: 'require-image-tag',
        resource: 'Deployment/api',
        count: 3,
      }),
    ]);
    // Another service's Deployment in the same namespace is not this one's.
    expect(
      blockedFor(
        [deployment],
        { namespace: 'shop', workloadName: 'web' },
        now,
        3600_000,
      ),
    ).toEqual([]);
    // Older than the window: not counted.
    expect(blockedFor([deployment], shop, now, 60_000)).toEqual([]);
  });

  it('takes the resource from the message when the Event has no related object, and a namespaced policy with its namespace', () => {
    expect(
      blockedAdmissionOf({
        reason: 'PolicyViolation',
        involvedObject: {
          kind: 'ValidatingPolicy',
          name: 'check-labels',
          namespace: 'shop',
        },
        message:
          'Deployment shop/nginx-deployment: fail (blocked); Deployment labels must be env=prod',
        lastTimestamp: minutesAgo(1),
      }),
    ).toEqual({
      policy: 'shop/check-labels',
      rule: undefined,
      resource: 'Deployment/nginx-deployment',
      namespace: 'shop',
      message: 'Deployment labels must be env=prod',
      at: minutesAgo(1),
      count: 1,
    });
  });
});
