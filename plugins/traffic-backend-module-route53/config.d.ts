export interface Config {
  trinity?: {
    traffic?: {
      route53?: {
        /** The public hosted zone holding the entry points. */
        hostedZoneId: string;
        /** Region of the API client. Default us-east-1 (Route 53 is global). */
        region?: string;
        /** TTL of records the portal creates, in seconds. Default 60. */
        ttl?: number;
        /**
         * Health check id per cluster, for records the portal creates;
         * existing records keep theirs.
         */
        healthChecks?: { [cluster: string]: string };
        /**
         * Requests per second this portal sends to Route 53's API. Default
         * 5, the account's limit: set it lower when other clients share
         * the account. Calls beyond it wait their turn.
         */
        requestsPerSecond?: number;
      };
    };
  };
}
