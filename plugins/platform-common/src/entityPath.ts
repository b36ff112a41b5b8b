/** An entity's name as a caller holds it; the namespace may be left out. */
export type EntityName = { kind: string; namespace?: string; name: string };

/**
 * The `{kind}/{namespace}/{name}` parameters of the families' entity routes,
 * spelled as the catalog spells a ref (lower case, `default` when no
 * namespace is given), for the generated clients to encode.
 */
export function entityPathOf(entity: EntityName) {
  const lower = (text: string) => text.toLocaleLowerCase('en-US');
  return {
    kind: lower(entity.kind),
    namespace: lower(entity.namespace ?? 'default'),
    name: lower(entity.name),
  };
}
