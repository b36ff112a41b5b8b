/** Builds the kubelet's BackOff Events for a service's crash-looping pods. */
import { ServiceState } from '../world';
import { iso, KubeObject, uid } from './kubeObject';
import { Workload } from './workloads';

export function backOffEventsFor(
  st: ServiceState,
  { pods, container }: Workload,
  now: Date,
): KubeObject[] {
  if (!st.crashLooping) return [];
  const { service, cluster } = st;
  const ns = service.namespace;
  const created = iso(st.deployedAt);
  return pods
    .filter((_, index) => index >= st.ready)
    .map(pod => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod.metadata.name}.backoff`,
        namespace: ns,
        uid: uid(cluster.name, 'ev', pod.metadata.name),
        creationTimestamp: created,
      },
      involvedObject: {
        kind: 'Pod',
        name: pod.metadata.name,
        namespace: ns,
        uid: pod.metadata.uid,
      },
      reason: 'BackOff',
      message: `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}`,
      type: 'Warning',
      count: st.restartsPerPod[0],
      firstTimestamp: created,
      // The kubelet records a BackOff again at each back-off (at most every
      // 5 minutes, its cap): not at every read, so that a watch does not
      // see the event change each second.
      lastTimestamp: iso(
        new Date(Math.floor(now.getTime() / 300_000) * 300_000),
      ),
      source: { component: 'kubelet' },
    }));
}
