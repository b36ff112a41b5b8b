/**
 * A second, development-only sign-in identity for the embedded default.
 *
 * @packageDocumentation
 */
export { authModuleDevelopmentIdentity as default } from './module';
