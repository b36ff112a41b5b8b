export interface Config {
  fleet?: {
    /**
     * How long one source may take for one cluster before its cell becomes a
     * deadline error, in milliseconds. Default 2000.
     */
    deadlineMs?: number;
    cache?: {
      /** A cell younger than this is served without asking the cluster. Default 15. */
      freshSeconds?: number;
      /**
       * A cell younger than this is served at once while a refresh runs in the
       * background. Default 300.
       */
      staleSeconds?: number;
      /** An error cell is retried after this long, not on every view. Default 5. */
      errorSeconds?: number;
    };
  };
}
