/**
 * The forge backend plugin: the Forge page's API and the local forge's
 * seed.
 *
 * @packageDocumentation
 */
export { forgePlugin as default } from './plugin';
