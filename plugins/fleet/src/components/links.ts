import { parseEntityRef } from '@backstage/catalog-model';

/** The portal path of an entity's tab, from its ref (`system:default/storefront`). */
export function entityTabPath(entityRef: string, tab: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind}/${name}/${tab}`;
}
