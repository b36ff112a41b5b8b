/*
 * The Trinity backend: Backstage's new backend system with the plugins the
 * portal needs and Trinity's own modules. Each plugin is configured in
 * app-config.yaml (embedded default) and app-config.production.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { forgeUrlReaderFactory } from './forgeUrlReader';
import { exitOnConfigProblems } from './preflight';
import { techdocsModuleCopiedDirectory } from './techdocsCopiedDirectory';

// Fail at start, with the file and key named, rather than deep in a plugin.
exitOnConfigProblems(
  process.argv.slice(2),
  resolvePackagePath('backend', '../..'),
);

const backend = createBackend();

// The local forge's repositories, readable by the catalog and TechDocs.
backend.add(forgeUrlReaderFactory);

// Serves the frontend bundle and injects its config.
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: guest on the embedded default, GitHub in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// A second, development-only identity in another team (embedded default).
backend.add(
  import('@internal/plugin-auth-backend-module-development-identity'),
);
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// Permissions, decided by Trinity's policy (owners change, admins do all).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-trinity-policy'),
);

// Catalog: org, products, the cluster registry.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Production: product repositories on GitHub (catalog.providers.github);
// without that config it reads nothing.
backend.add(import('@backstage/plugin-catalog-backend-module-github'));
// The cluster registry: validated, labelled, and bound to its endpoints.
backend.add(import('@internal/plugin-catalog-backend-module-cluster-registry'));

// Scaffolder (Create Component) with GitHub publishing and Roadie's
// comment-preserving YAML/JSON edits for the infra repo.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@roadiehq/scaffolder-backend-module-utils'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Trinity's template actions, publishing to the forge.
backend.add(import('@internal/plugin-scaffolder-backend-module-trinity'));

// The forge (trinity.forge: local Git under the data directory on the
// embedded default, GitHub in production): the Forge page's API and the
// local forge's seed; in the catalog, the infra repo's tenants and entry
// points and the local forge's products.
backend.add(import('@internal/plugin-forge-backend'));
backend.add(import('@internal/plugin-catalog-backend-module-forge'));

// TechDocs, built locally with MkDocs on the embedded default; a `dir:`
// reference is built from a copy, so the generator's rewrite of mkdocs.yml
// never lands in this repository's files.
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(techdocsModuleCopiedDirectory);

// Search: Postgres engine in production, in-memory Lunr on SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// Kubernetes, fed by the cluster Resource entities of the catalog.
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Fleet: one row per cluster for a product, every signal within a deadline.
backend.add(import('@internal/plugin-fleet-backend'));
backend.add(import('@internal/plugin-fleet-backend-module-argocd'));
backend.add(import('@internal/plugin-fleet-backend-module-slo'));
backend.add(import('@internal/plugin-fleet-backend-module-kubernetes'));

// Traffic: global entry points and the failover button
backend.add(import('@internal/plugin-traffic-backend'));
backend.add(import('@internal/plugin-traffic-backend-module-powerdns'));
backend.add(import('@internal/plugin-traffic-backend-module-route53'));
backend.add(import('@internal/plugin-traffic-backend-module-cloudflare'));
backend.add(import('@internal/plugin-fleet-backend-module-traffic'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// Signals (notifications, live fleet pages) travel over the events service;
// the events backend's bus carries them between replicas (kept in
// PostgreSQL in production, in memory on the embedded default's SQLite).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Actions for agents: the fleet's reads and the failover button over MCP
// (Streamable HTTP at /api/mcp-actions/v1), acting with the caller's own
// credentials; which plugins' actions it serves is backend.actions in
// app-config (docs/agents.md).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
