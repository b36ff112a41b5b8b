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
         * API token of an account whose Argo CD RBAC only reads
         * applications (`p, role:trinity-fleet, applications, get, *\/*,
         * allow`): what the fleet view uses.
         * @visibility secret
         */
        readToken: string;
        /**
         * API token of an account that may change applications
         * (`applications, update`): what the auto-sync kill switch uses.
         * Never given to the fleet view.
         * @visibility secret
         */
        writeToken?: string;
      };
    };
    clusters?: {
      [clusterName: string]: {
        argocd?: {
          /**
           * API token of an account whose Argo CD RBAC only reads
           * applications (`p, role:trinity-fleet, applications, get, *\/*,
           * allow`): what the fleet view uses. Never written to the catalog.
           * @visibility secret
           */
          readToken?: string;
          /**
           * API token of an account that may change applications
           * (`p, role:trinity-killswitch, applications, update, *\/*,
           * allow`): what the auto-sync kill switch uses, and nothing else.
           * @visibility secret
           */
          writeToken?: string;
        };
      };
    };
  };
}
