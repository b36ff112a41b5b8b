/*
 * The Route 53 provider against the SDK's typed command shapes, mocked with
 * aws-sdk-client-mock (no AWS account here): weighted record sets with one
 * set identifier per cluster, health check status, UPSERT change batches,
 * and the PENDING → INSYNC status of a change.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { EntryPointSpec } from '@internal/plugin-traffic-common';
import { createRoute53Provider } from './route53Provider';

const route53 = mockClient(Route53Client);

const entry: EntryPointSpec = {
  name: 'shop.trinity.example',
  provider: 'route53',
  tier: 'tier-1',
  targets: [
    { cluster: 'aws-use1-prod-01', target: 'ingress-aws.trinity.example' },
    { cluster: 'gcp-euw1-prod-01', target: '203.0.113.12' },
  ],
};

const set = (
  id: string,
  weight: number,
  value: string,
  check?: string,
): ResourceRecordSet => ({
  Name: 'shop.trinity.example.',
  Type: /^\d/.test(value) ? 'A' : 'CNAME',
  SetIdentifier: id,
  Weight: weight,
  TTL: 60,
  ResourceRecords: [{ Value: value }],
  ...(check && { HealthCheckId: check }),
});

const observations = (success: number, total: number) => ({
  HealthCheckObservations: Array.from({ length: total }, (_, i) => ({
    Region: 'us-east-1' as const,
    IPAddress: `198.51.100.${i}`,
    StatusReport: {
      Status:
        i < success
          ? 'Success: HTTP Status Code 200, OK'
          : 'Failure: Connection timed out.',
      CheckedTime: new Date('2026-11-22T12:00:00Z'),
    },
  })),
});

const provider = () =>
  createRoute53Provider({
    client: new Route53Client({ region: 'us-east-1' }),
    hostedZoneId: 'Z0TRINITYEXAMPLE',
    healthChecks: { 'gcp-euw1-prod-01': 'hc-gcp' },
  });

beforeEach(() => {
  route53.reset();
  route53.on(ListResourceRecordSetsCommand).resolves({
    ResourceRecordSets: [
      set('aws-use1-prod-01', 2, 'ingress-aws.trinity.example', 'hc-aws'),
      set('gcp-euw1-prod-01', 1, '203.0.113.12', 'hc-gcp'),
      {
        Name: 'www.trinity.example.',
        Type: 'A',
        TTL: 60,
        ResourceRecords: [{ Value: '203.0.113.1' }],
      },
    ],
    IsTruncated: false,
    MaxItems: 100,
  });
  route53
    .on(GetHealthCheckStatusCommand, { HealthCheckId: 'hc-aws' })
    .resolves(observations(8, 8));
  route53
    .on(GetHealthCheckStatusCommand, { HealthCheckId: 'hc-gcp' })
    .resolves(observations(2, 8));
});

describe('Route 53 provider', () => {
  it("reads each cluster's weight and the health its checkers report", async () => {
    const reading = await provider().read(entry);
    expect(reading.weights).toEqual({
      'aws-use1-prod-01': 2,
      'gcp-euw1-prod-01': 1,
    });
    expect(reading.health['aws-use1-prod-01']).toEqual({
      status: 'healthy',
      detail: 'health check hc-aws: 8/8 checkers report success',
    });
    expect(reading.health['gcp-euw1-prod-01'].status).toBe('unhealthy');
    expect(
      reading.records.map(r => [r.setIdentifier, r.type, r.weight]),
    ).toEqual([
      ['aws-use1-prod-01', 'CNAME', 2],
      ['gcp-euw1-prod-01', 'A', 1],
    ]);
    expect(
      route53.commandCalls(ListResourceRecordSetsCommand)[0].args[0].input,
    ).toEqual({
      HostedZoneId: 'Z0TRINITYEXAMPLE',
      StartRecordName: 'shop.trinity.example.',
    });
  });

  it('UPSERTs only the changed set, keeping its health check, and reports PENDING then INSYNC', async () => {
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: {
        Id: '/change/C123',
        Status: 'PENDING',
        SubmittedAt: new Date('2026-11-22T12:00:00Z'),
      },
    });
    route53
      .on(GetChangeCommand)
      .resolvesOnce({
        ChangeInfo: {
          Id: '/change/C123',
          Status: 'PENDING',
          SubmittedAt: new Date(),
        },
      })
      .resolves({
        ChangeInfo: {
          Id: '/change/C123',
          Status: 'INSYNC',
          SubmittedAt: new Date(),
        },
      });
    const p = provider();
    const reading = await p.read(entry);
    const weights = { 'aws-use1-prod-01': 0, 'gcp-euw1-prod-01': 1 };
    expect(p.plan(entry, reading, weights).map(r => r.weight)).toEqual([0, 1]);

    const written = await p.write(entry, reading, weights);
    expect(written.pendingChange).toEqual({
      id: '/change/C123',
      status: 'PENDING',
      submittedAt: '2026-11-22T12:00:00.000Z',
    });
    const batch = route53.commandCalls(ChangeResourceRecordSetsCommand)[0]
      .args[0].input;
    expect(batch.HostedZoneId).toBe('Z0TRINITYEXAMPLE');
    expect(batch.ChangeBatch!.Changes).toEqual([
      {
        Action: 'UPSERT',
        ResourceRecordSet: set(
          'aws-use1-prod-01',
          0,
          'ingress-aws.trinity.example',
          'hc-aws',
        ),
      },
    ]);
    expect((await p.read(entry)).pendingChange?.status).toBe('PENDING');
    expect((await p.read(entry)).pendingChange?.status).toBe('INSYNC');
    expect((await p.read(entry)).pendingChange).toBeUndefined();
  });

  it('creates the weighted set of a cluster that has none, with its configured health check', async () => {
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        set('aws-use1-prod-01', 1, 'ingress-aws.trinity.example'),
      ],
      IsTruncated: false,
      MaxItems: 100,
    });
    route53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: {
        Id: '/change/C2',
        Status: 'PENDING',
        SubmittedAt: new Date(),
      },
    });
    const p = provider();
    const reading = await p.read(entry);
    expect(reading.weights['gcp-euw1-prod-01']).toBe(0);
    expect(reading.health['gcp-euw1-prod-01'].status).toBe('unknown');
    await p.write(entry, reading, {
      'aws-use1-prod-01': 1,
      'gcp-euw1-prod-01': 1,
    });
    const batch = route53.commandCalls(ChangeResourceRecordSetsCommand)[0]
      .args[0].input;
    expect(batch.ChangeBatch!.Changes).toEqual([
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'shop.trinity.example.',
          Type: 'A',
          SetIdentifier: 'gcp-euw1-prod-01',
          TTL: 60,
          ResourceRecords: [{ Value: '203.0.113.12' }],
          HealthCheckId: 'hc-gcp',
          Weight: 1,
        },
      },
    ]);
  });

  it('passes an API refusal on as an error', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(
      Object.assign(
        new Error('Tried to create resource record set but it already exists'),
        {
          name: 'InvalidChangeBatch',
        },
      ),
    );
    const p = provider();
    await expect(
      p.write(entry, await p.read(entry), {
        'aws-use1-prod-01': 0,
        'gcp-euw1-prod-01': 1,
      }),
    ).rejects.toThrow('already exists');
  });

  it("reads a cluster's health check once per interval, whichever entry point asks", async () => {
    const p = provider();
    await p.read(entry);
    await p.read({ ...entry, name: 'api.trinity.example' });
    await p.read(entry);
    expect(
      route53
        .commandCalls(GetHealthCheckStatusCommand)
        .map(call => call.args[0].input.HealthCheckId),
    ).toEqual(['hc-aws', 'hc-gcp']);
  });

  it("names the hosted zone's delegation set as its nameservers, resolved", async () => {
    route53.on(GetHostedZoneCommand, { Id: 'Z0TRINITYEXAMPLE' }).resolves({
      HostedZone: {
        Id: '/hostedzone/Z0TRINITYEXAMPLE',
        Name: 'trinity.example.',
        CallerReference: 'trinity',
      },
      // Real delegation sets name awsdns hosts; a name this machine
      // resolves without a network stands in for them.
      DelegationSet: { NameServers: ['localhost'] },
    });
    await expect(provider().nameservers!(entry)).resolves.toEqual([
      { address: '127.0.0.1', port: 53 },
    ]);
  });

  it('keeps to its requests per second, however many entry points are read at once', async () => {
    const starts: number[] = [];
    route53.on(ListResourceRecordSetsCommand).callsFake(async () => {
      starts.push(Date.now());
      return { ResourceRecordSets: [], IsTruncated: false, MaxItems: 100 };
    });
    const p = createRoute53Provider({
      client: new Route53Client({ region: 'us-east-1' }),
      hostedZoneId: 'Z0TRINITYEXAMPLE',
      requestsPerSecond: 4,
    });
    await Promise.all(
      Array.from({ length: 9 }, (_, index) =>
        p.read({ ...entry, name: `e${index}.trinity.example` }),
      ),
    );
    expect(starts).toHaveLength(9);
    for (const at of starts) {
      expect(
        starts.filter(other => other >= at && other < at + 1000).length,
      ).toBeLessThanOrEqual(4);
    }
    // Nine at four a second: the last starts two seconds after the first.
    expect(starts[8] - starts[0]).toBeGreaterThanOrEqual(1900);
  });
});
