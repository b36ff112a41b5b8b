/** The served object shape, and the UID, label and timestamp helpers builders share. */
import crypto from 'node:crypto';
import { DemoService } from '../fleet';

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
  const h = crypto.createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

export function labels(s: DemoService) {
  return {
    'app.kubernetes.io/name': s.name,
    'app.kubernetes.io/part-of': s.product,
    'backstage.io/kubernetes-id': s.name,
    team: `team-${s.product}`,
    product: s.product,
  };
}

export const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
