import { resolvePackagePath } from '@backstage/backend-plugin-api';

/**
 * The repository the demo fleet runs from: it reads the infra repo's real
 * policies and tenant namespaces (infra/) and its git history from here.
 */
export const repoRoot = resolvePackagePath('@internal/demo-fleet', '../..');
