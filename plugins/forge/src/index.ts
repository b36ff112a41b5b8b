/**
 * The forge frontend plugin: the Forge page (`/forge`) of the local forge.
 *
 * @packageDocumentation
 */
export { forgePlugin as default } from './plugin';
