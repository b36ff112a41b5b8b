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
    };
  };
}
