import { EventEmitter } from 'node:events';

/**
 * Tells the catalog's forge provider (another module, same process) that a
 * repository changed, so a new product shows up now and not at the next
 * scheduled read.
 */
export const forgeChanges = new EventEmitter();
