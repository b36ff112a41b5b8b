import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  EntryPointSpec,
  PendingChange,
  ProviderHealth,
  ProviderRecord,
} from '@internal/plugin-traffic-common';

/** An entry point as one provider holds it now. */
export interface ProviderReading {
  /** The records behind the entry point, as written at the provider. */
  records: ProviderRecord[];
  /** Weight per cluster of the entry point's targets (0: drained). */
  weights: Record<string, number>;
  /** The provider's own view of each target's health. */
  health: Record<string, { status: ProviderHealth; detail?: string }>;
  ttl?: number;
  /** A change the provider is still applying (Route 53 PENDING). */
  pendingChange?: PendingChange;
}

/** Where an authoritative nameserver answers queries. */
export interface Nameserver {
  /** An IP address. */
  address: string;
  port: number;
}

/**
 * One DNS or load-balancing provider behind the failover button. The backend
 * owns the rules (permission, preview, safety, compare-and-set, audit); a
 * provider only reads, plans and writes weights.
 */
export interface TrafficProvider {
  id: string;
  read(entry: EntryPointSpec, signal?: AbortSignal): Promise<ProviderReading>;
  /** The records `write` would leave for these weights. Pure: no call out. */
  plan(
    entry: EntryPointSpec,
    reading: ProviderReading,
    weights: Record<string, number>,
  ): ProviderRecord[];
  /**
   * The authoritative nameservers for the entry point's name (addresses a
   * resolver can be pointed at), so an evacuation can ask DNS itself, not
   * only the provider's API, whether a cluster is still answered.
   * Optional: without it a change is verified by `read` alone, and the
   * evacuation says so.
   */
  nameservers?(
    entry: EntryPointSpec,
    signal?: AbortSignal,
  ): Promise<Nameserver[]>;
  /** Writes the weights; resolves once the provider accepted the change. */
  write(
    entry: EntryPointSpec,
    reading: ProviderReading,
    weights: Record<string, number>,
    signal?: AbortSignal,
  ): Promise<{ pendingChange?: PendingChange }>;
}

export interface TrafficProvidersExtensionPoint {
  addProvider(...providers: TrafficProvider[]): void;
}

/** Where backend modules plug their providers into the traffic backend. */
export const trafficProvidersExtensionPoint =
  createExtensionPoint<TrafficProvidersExtensionPoint>({
    id: 'traffic.providers',
  });
