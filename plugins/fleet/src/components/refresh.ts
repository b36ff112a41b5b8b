/**
 * How often fleet pages ask again when the app has no signals; with signals
 * they load when a cell changes and poll 4× slower only as a fallback. The
 * backend serves either from its shared cache.
 */
export const REFRESH_MS = 15_000;
