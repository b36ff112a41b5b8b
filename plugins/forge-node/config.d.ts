export interface Config {
  trinity?: {
    /**
     * Where the templates publish repositories and open pull requests. The
     * templates are the same for every forge. Read by the forge backend (the
     * Forge page's API, the local forge's seed), the Scaffolder module (the
     * templates' actions) and the catalog module (the forge's entities).
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
  };
}
