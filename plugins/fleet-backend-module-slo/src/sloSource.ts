import { Entity } from '@backstage/catalog-model';
import {
  PrometheusProbeData,
  SloCellData,
  SloStatus,
  worstStatus,
} from '@internal/plugin-fleet-common';
import { Config } from '@backstage/config';
import {
  createClusterReads,
  FleetSource,
  FleetSourceReading,
} from '@internal/plugin-fleet-node';
import {
  annotationList,
  annotations,
  RUNBOOKS,
} from '@internal/plugin-platform-common';
import {
  ClusterSloSeries,
  readClusterSlos,
  ServiceSloReading,
  sloReadingOf,
} from './readServiceSlos';

const cellStatus: Record<SloStatus, FleetSourceReading['status']> = {
  page: 'critical',
  ticket: 'warning',
  ok: 'ok',
  'no-traffic': 'ok',
  unknown: 'unknown',
};

const runbook: Partial<Record<SloStatus, string>> = {
  page: RUNBOOKS.sloFastBurn,
  ticket: RUNBOOKS.sloSlowBurn,
};

/** Sloth services of an entity: its `trinity.io/sloth-service`, comma separated. */
export function slothServicesOf(entity: Entity): string[] {
  return annotationList(entity.metadata.annotations, annotations.slothService);
}

/**
 * The SLO column: every SLO of the entity's services on this cluster, worst
 * first. A cluster's Prometheus is asked once for every service's series
 * (kept for trinity.fleet.clusterReadSeconds); each product's cell picks
 * its services out of that answer.
 */
export function createSloSource(
  config: Config,
): FleetSource<SloCellData, PrometheusProbeData> {
  const clusterSeries = createClusterReads<ClusterSloSeries>(config);
  return {
    id: 'slo',
    title: 'SLO',
    upstream: 'Prometheus',
    order: 30,
    async probe({ cluster, signal }) {
      const url = cluster.endpoints.prometheus;
      if (!url) {
        return {
          status: 'unknown',
          summary: `no Prometheus configured for ${cluster.name}`,
        };
      }
      const started = Date.now();
      const res = await fetch(`${url.replace(/\/$/, '')}/-/ready`, { signal });
      const latencyMs = Date.now() - started;
      if (!res.ok) {
        throw new Error(
          `Prometheus is not ready: ${res.status} ${res.statusText}`,
        );
      }
      return {
        status: 'ok',
        summary: `Prometheus ready (${latencyMs} ms)`,
        data: { latencyMs },
      };
    },
    async read({ entity, cluster, signal, renew, since }) {
      const services = slothServicesOf(entity);
      if (services.length === 0) {
        return {
          status: 'unknown',
          summary: `no ${annotations.slothService} annotation`,
        };
      }
      const prometheusUrl = cluster.endpoints.prometheus;
      if (!prometheusUrl) {
        return {
          status: 'unknown',
          summary: `no Prometheus configured for ${cluster.name}`,
        };
      }
      const series = await clusterSeries.get(
        prometheusUrl,
        readSignal => readClusterSlos({ prometheusUrl, signal: readSignal }),
        signal,
        { renew, since },
      );
      const readings: ServiceSloReading[] = services.map(service =>
        sloReadingOf(series, service),
      );
      const status = worstStatus(readings.map(reading => reading.status));
      const worst = readings.find(reading => reading.status === status)!;
      return {
        status: cellStatus[worst.status],
        summary: `${worst.service}: ${worst.reason}`,
        runbook: runbook[worst.status],
        data: { services: readings },
      };
    },
  };
}
