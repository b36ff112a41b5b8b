/** The served object shape, and the UID, label and timestamp helpers builders share. */
import crypto from 'node:crypto';
import { DemoService, teamOf } from '../fleet';

/** A Kubernetes object as served: always with apiVersion and kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export function uid(...parts: string[]) {
  // Stable UIDs in UUID form, derived from the object's identity.
  const hash = crypto.createHash('sha1').update(parts.join('/')).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(
    12,
    16,
  )}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

export function labels(service: DemoService) {
  return {
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/part-of': service.product,
    'backstage.io/kubernetes-id': service.name,
    team: teamOf(service),
    product: service.product,
  };
}

export const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
