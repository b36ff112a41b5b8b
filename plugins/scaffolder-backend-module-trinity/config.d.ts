export interface Config {
  trinity?: {
    /**
     * Where the templates publish repositories and open pull requests. The
     * templates are the same for every forge.
     */
    forge?: {
      /**
       * `local`: bare Git repositories under `local.directory` (embedded
       * default). `github`: GitHub or GitHub Enterprise through the
       * `integrations.github` entry of `github.host`.
       */
      type?: 'local' | 'github';
      /**
       * The clone URL prefix Argo CD and developers use for repositories of
       * this forge (`<base>/<owner>/<repo>.git`), written into rendered files.
       */
      cloneBaseUrl?: string;
      /** Owner and name of the infra repository, e.g. `platform/infra`. */
      infraRepo?: string;
      local?: {
        /** Directory holding `<owner>/<repo>.git`. */
        directory?: string;
        /** Repositories created from a directory when missing (e.g. the infra repo from `infra/`). */
        seed?: Array<{ repo: string; from: string }>;
      };
      github?: {
        /** The host of the `integrations.github` entry to use. */
        host: string;
      };
    };
    // publicZones: declared by @internal/plugin-platform-common (the wizard reads it too).
    traffic?: {
      /** The traffic provider new products' entry points use (catalog annotation). */
      defaultProvider?: string;
    };
  };
}
