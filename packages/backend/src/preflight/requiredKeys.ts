/**
 * Keys without which the portal cannot start or would start broken. Backstage
 * itself fails late and vaguely on most of these (a crash deep in a plugin's
 * init); checking them first gives one clear line per problem.
 */
export const requiredKeys: ReadonlyArray<{ key: string; why: string }> = [
  { key: 'app.baseUrl', why: 'where the frontend is served' },
  { key: 'backend.baseUrl', why: 'where the backend is reached' },
  { key: 'backend.database.client', why: 'which database to use' },
  { key: 'backend.database.connection', why: 'how to reach the database' },
  { key: 'auth.providers', why: 'how users sign in' },
  { key: 'trinity.signIn.providers', why: 'which sign-in buttons to show' },
  { key: 'catalog.locations', why: 'where the catalog is read from' },
];
