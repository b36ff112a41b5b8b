export interface Config {
  trinity?: {
    argocd?: {
      /**
       * A central Argo CD on a management cluster, for clusters that do not
       * run their own (no `trinity.clusters.<name>.argocd.url`). Its
       * applications target clusters by `spec.destination.name` (the
       * registry name) or `spec.destination.server` (the cluster's API URL).
       */
      central?: {
        /** API base URL. */
        url: string;
        /** UI base URL for links, when it differs from the API. */
        uiUrl?: string;
        /**
         * Read-only API token.
         * @visibility secret
         */
        token: string;
      };
    };
    clusters?: {
      [clusterName: string]: {
        argocd?: {
          /**
           * Argo CD API token (a project or account token with read access to
           * applications). Never written to the catalog.
           * @visibility secret
           */
          token?: string;
        };
      };
    };
  };
}
