export interface Config {
  trinity?: {
    traffic?: {
      /**
       * Healthy serving clusters that must remain after a change, by tier
       * (`tier-1: 2`); `default` for unlisted tiers. Default tier-1: 2, others: 1.
       */
      minHealthyClusters?: { [tier: string]: number };
      /** No cluster's weight may change twice within this many seconds. Default 120. */
      cooldownSeconds?: number;
      /** Deadline of each DNS provider read or write, in seconds. Default 10. */
      providerTimeoutSeconds?: number;
      /**
       * A change recorded as pending for longer than this (its replica
       * stopped mid-change) is settled from the provider's records. Default 60.
       */
      settleAfterSeconds?: number;
      /** Cluster evacuations (docs/traffic.md). */
      evacuation?: {
        /**
         * How long a replica holds a run it executes; a run whose replica
         * stopped is taken over after this. Default 60.
         */
        leaseSeconds?: number;
        /** How long verification waits for DNS to stop answering the cluster. Default 120. */
        verifyTimeoutSeconds?: number;
        /**
         * How often one replica takes over orphaned runs, lifts expired
         * freezes and looks at SLO recovery. Default 15.
         */
        checkEverySeconds?: number;
      };
    };
  };
}
