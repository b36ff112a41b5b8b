import express from 'express';
import {
  apexRRSets,
  checkContent,
  inZone,
  isCanonical,
  nextSerial,
  RRSet,
  soaContent,
  Zone,
  ZoneError,
} from './zones';

const SERVER = '/api/v1/servers/localhost';

function zoneUrl(name: string) {
  return `${SERVER}/zones/${name}`;
}

function summary(zone: Zone) {
  return {
    account: '',
    catalog: '',
    dnssec: false,
    edited_serial: zone.serial,
    id: zone.name,
    kind: zone.kind,
    last_check: 0,
    masters: [],
    name: zone.name,
    notified_serial: 0,
    serial: zone.serial,
    url: zoneUrl(zone.name),
  };
}

function full(zone: Zone) {
  return {
    ...summary(zone),
    api_rectify: false,
    master_tsig_key_ids: [],
    nsec3narrow: false,
    nsec3param: '',
    rrsets: zone.rrsets,
    slave_tsig_key_ids: [],
    soa_edit: '',
    soa_edit_api: 'DEFAULT',
  };
}

/**
 * The PowerDNS Authoritative HTTP API subset the traffic providers use:
 * server info, zones (list, create, get, delete) and rrset PATCH with
 * REPLACE/DELETE, behind `X-API-Key`, with PowerDNS's own statuses and
 * error bodies. It answers no DNS queries.
 */
export function powerDnsRouter(options: {
  apiKey: string;
  now: () => Date;
  seed?: Zone[];
}) {
  const zones = new Map<string, Zone>();
  for (const zone of options.seed ?? [])
    zones.set(zone.name, structuredClone(zone));
  const router = express.Router();

  router.use('/api', (req, res, next) => {
    if (req.header('x-api-key') !== options.apiKey) {
      res
        .status(401)
        .set('Www-Authenticate', 'X-API-Key realm="PowerDNS"')
        .type('text/plain')
        .send('Unauthorized');
      return;
    }
    next();
  });
  // PowerDNS parses bodies whatever their declared type.
  router.use(express.text({ type: () => true }));

  const send = (res: express.Response, error: unknown) => {
    if (error instanceof ZoneError) {
      if (error.plain)
        res.status(error.status).type('text/plain').send(error.message);
      else res.status(error.status).json({ error: error.message });
      return;
    }
    throw error;
  };
  const body = (req: express.Request) => {
    try {
      return JSON.parse(typeof req.body === 'string' ? req.body : '');
    } catch {
      throw new ZoneError(400, 'Bad Request', true);
    }
  };
  const zoneOf = (id: string) => {
    const name = isCanonical(id) ? id : `${id}.`;
    const zone = zones.get(name);
    if (!zone) throw new ZoneError(404, 'Not Found', true);
    return zone;
  };

  router.get(SERVER, (_req, res) => {
    res.json({
      autoprimaries_url: `${SERVER}/autoprimaries{/autoprimary}`,
      config_url: `${SERVER}/config{/config_setting}`,
      daemon_type: 'authoritative',
      id: 'localhost',
      type: 'Server',
      url: SERVER,
      version: '4.7.3',
      zones_url: `${SERVER}/zones{/zone}`,
    });
  });

  router.get(`${SERVER}/zones`, (_req, res) => {
    res.json([...zones.values()].map(summary));
  });

  router.post(`${SERVER}/zones`, (req, res) => {
    try {
      const input = body(req);
      const name = String(input?.name ?? '');
      if (!isCanonical(name))
        throw new ZoneError(422, `DNS Name '${name}' is not canonical`);
      if (zones.has(name)) throw new ZoneError(409, 'Conflict', true);
      const serial = nextSerial(0, options.now());
      const nameservers: string[] = input.nameservers ?? [];
      const zone: Zone = {
        name,
        kind: input.kind ?? 'Native',
        serial,
        rrsets: apexRRSets(name, serial, nameservers),
      };
      zones.set(name, zone);
      res.status(201).json(full(zone));
    } catch (error) {
      send(res, error);
    }
  });

  router.get(`${SERVER}/zones/:zone`, (req, res) => {
    try {
      res.json(full(zoneOf(req.params.zone)));
    } catch (error) {
      send(res, error);
    }
  });

  router.delete(`${SERVER}/zones/:zone`, (req, res) => {
    try {
      zones.delete(zoneOf(req.params.zone).name);
      res.status(204).end();
    } catch (error) {
      send(res, error);
    }
  });

  router.patch(`${SERVER}/zones/:zone`, (req, res) => {
    try {
      const zone = zoneOf(req.params.zone);
      const changes: Array<Partial<RRSet> & { changetype?: string }> =
        body(req)?.rrsets ?? [];
      // Validate every change before applying any: a refused PATCH changes nothing.
      const next = structuredClone(zone.rrsets);
      for (const change of changes) {
        const name = String(change.name ?? '');
        const type = String(change.type ?? '');
        if (!isCanonical(name))
          throw new ZoneError(422, `DNS Name '${name}' is not canonical`);
        if (!inZone(name, zone.name))
          throw new ZoneError(
            422,
            `RRset ${name} IN ${type}: Name is out of zone`,
          );
        const at = next.findIndex(
          existing => existing.name === name && existing.type === type,
        );
        if (change.changetype === 'DELETE') {
          if (at >= 0) next.splice(at, 1);
        } else if (change.changetype === 'REPLACE') {
          const records = change.records ?? [];
          for (const record of records)
            checkContent(name, type, record.content);
          const rrset: RRSet = {
            comments: [],
            name,
            records: records.map(record => ({
              content: record.content,
              disabled: Boolean(record.disabled),
            })),
            ttl: change.ttl ?? 3600,
            type,
          };
          if (records.length === 0) {
            if (at >= 0) next.splice(at, 1);
          } else if (at >= 0) next[at] = rrset;
          else next.push(rrset);
        } else {
          throw new ZoneError(422, 'Changetype not understood');
        }
      }
      zone.serial = nextSerial(zone.serial, options.now());
      const soa = next.find(
        rrset => rrset.type === 'SOA' && rrset.name === zone.name,
      );
      if (soa)
        soa.records = [
          { content: soaContent(zone.name, zone.serial), disabled: false },
        ];
      zone.rrsets = next;
      res.status(204).end();
    } catch (error) {
      send(res, error);
    }
  });

  router.use((_req, res) => {
    res.status(404).type('text/plain').send('Not Found');
  });
  return router;
}
