/**
 * Traffic provider: Cloudflare Load Balancing.
 *
 * @packageDocumentation
 */
export { trafficModuleCloudflare as default } from './module';
export { createCloudflareProvider } from './cloudflareProvider';
export type { CloudflareOptions } from './cloudflareProvider';
