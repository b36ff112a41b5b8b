/**
 * The fleet family's shared pieces.
 *
 * @packageDocumentation
 */
export * from './burnRate';
export * from './permissions';
export * from './model';
export * from './cellData';
export * from './cellStatus';
export * from './overviewCell';
export * from './client';
export * from './channels';
