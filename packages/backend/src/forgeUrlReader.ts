import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import {
  Forge,
  forgeServiceRef,
  LocalForge,
  LocalForgeUrlReader,
} from '@internal/plugin-forge-node';

/** The local forge's reader, or none for another forge. */
export function forgeReaderFactory(forge: Forge): ReaderFactory {
  return ({ config, treeResponseFactory }) => {
    if (!(forge instanceof LocalForge)) return [];
    const reader = new LocalForgeUrlReader(
      forge,
      config.getString('app.baseUrl'),
      treeResponseFactory,
    );
    return [{ reader, predicate: url => reader.handles(url) }];
  };
}

/**
 * Lets every plugin's UrlReader (the catalog, TechDocs) read the local
 * forge's repositories by their page addresses, so a product made from the
 * templates has working docs on the embedded default. A GitHub forge needs
 * nothing here: Backstage's GitHub reader serves its URLs.
 */
export const forgeUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { forge: forgeServiceRef },
  async factory({ forge }) {
    return forgeReaderFactory(forge);
  },
});
