export interface Config {
  trinity?: {
    traffic?: {
      cloudflare?: {
        /**
         * API token with Load Balancing read and edit on the account and zone.
         * @visibility secret
         */
        apiToken: string;
        accountId: string;
        /** The zone holding the entry points' load balancers. */
        zoneId: string;
        /** API base URL, for a proxy or tests; the SDK's default otherwise. */
        baseUrl?: string;
      };
    };
  };
}
