/** How often fleet pages ask again; the backend serves from its shared cache. */
export const REFRESH_MS = 15_000;
