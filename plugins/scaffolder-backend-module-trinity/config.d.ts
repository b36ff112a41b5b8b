export interface Config {
  trinity?: {
    // forge: declared by @internal/plugin-forge-node (the forge backend and
    // the catalog module read it too).
    // publicZones: declared by @internal/plugin-platform-common (the wizard reads it too).
    images?: {
      /**
       * The platform's container registry (host and optional path, no
       * scheme): where product images are pushed and pulled from. The
       * templates name images after it.
       */
      registry?: string;
    };
    traffic?: {
      /** The traffic provider new products' entry points use (catalog annotation). */
      defaultProvider?: string;
    };
  };
}
