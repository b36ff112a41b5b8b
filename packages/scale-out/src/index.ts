/**
 * Scale-out and fault harness for the Trinity backend.
 *
 * @packageDocumentation
 */
export { startScaleOut } from './harness';
export type { ScaleOut, ScaleOutOptions } from './harness';
export { startProxy } from './proxy';
export type { Fault, Proxy, Target } from './proxy';
export { startReplica } from './replica';
export type { Replica } from './replica';
