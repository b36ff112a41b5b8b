export interface Config {
  trinity?: {
    fleet?: {
      /**
       * How long one source may take for one cluster before its cell becomes a
       * deadline error, in milliseconds. Default 2000.
       */
      deadlineMs?: number;
      /**
       * How long one read of a cluster's whole list (its Argo CD
       * applications, workloads, SLO series, policy reports) serves every
       * product's cell on that cluster, in seconds: a refresh costs one
       * upstream call per cluster and source, not per product. Default 3,
       * but at most half of cache.freshSeconds and of
       * refresh.intervalSeconds, so each round reads the cluster afresh.
       * Within one background refresh round a list serves the whole round.
       */
      clusterReadSeconds?: number;
      cache?: {
        /** A cell younger than this is served without asking the cluster. Default 10. */
        freshSeconds?: number;
        /**
         * A cell younger than this is served at once while a refresh runs in the
         * background. Default 300.
         */
        staleSeconds?: number;
        /** An error cell is retried after this long, not on every view. Default 5. */
        errorSeconds?: number;
        /**
         * A viewer of a stale cell waits this long for its refresh before the
         * stale cell is served, in milliseconds. Default 250.
         */
        graceMs?: number;
        /**
         * With a shared cache store (Redis, Memcache): how long a replica
         * serves a cell from its own memory before asking the store again,
         * in milliseconds, i.e. how long another replica's newer cell may go
         * unseen here. Default 1000. With the memory store the process's copy
         * is the store's.
         */
        localMs?: number;
      };
      refresh?: {
        /**
         * How often every entity on clusters is refreshed in the background,
         * viewed or not; 0 turns it off. Default 10.
         */
        intervalSeconds?: number;
      };
    };
  };
}
