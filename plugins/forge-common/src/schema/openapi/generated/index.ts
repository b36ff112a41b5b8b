// This file is generated from plugins/forge-backend/src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-forge-backend generate`.
/* eslint-disable */
export * from './models';
export * from './client';
