/**
 * The traffic family's shared pieces.
 *
 * @packageDocumentation
 */
export * from './entryPoint';
export * from './model';
export * from './permissions';
export * from './safety';
export * from './weights';
export * from './actionRequest';
export * from './client';
