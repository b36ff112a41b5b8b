/**
 * What Trinity's frontend plugins share: polling that keeps the last answer
 * (live through Backstage signals where the app has them),
 * a ticking clock, the runbook link, and the status badge with its colours.
 *
 * @packageDocumentation
 */
export { usePolled } from './hooks/usePolled';
export type { Polled, PolledOptions } from './hooks/usePolled';
export { useLive } from './hooks/useLive';
export type { LiveOptions } from './hooks/useLive';
export { useNow } from './hooks/useNow';
export { errorMessage } from './errorMessage';
export { RunbookLink } from './components/RunbookLink';
export { StatusBadge } from './components/StatusBadge';
export {
  statusColors,
  statusLabels,
  healthStatus,
  checkStatus,
} from './status';
export type { Status, Health, CheckResult } from './status';
export {
  AwaitingInfra,
  AwaitingInfraNotice,
  infraStatus,
  productOf,
} from './components/AwaitingInfra';
export type { InfraStatus, ProductEntity } from './components/AwaitingInfra';
export { RelativeTime, relativeTime } from './components/RelativeTime';
export { Actor } from './components/Actor';
export { Words } from './components/Words';
export { useFits } from './hooks/useFits';
export { fakeElementWidth } from './testing/fakeElementWidth';
