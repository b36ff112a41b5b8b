export interface Config {
  trinity?: {
    traffic?: {
      powerdns?: {
        /** API base URL of PowerDNS Authoritative (its webserver). */
        url: string;
        /**
         * The API key (`api-key` in pdns.conf).
         * @visibility secret
         */
        apiKey: string;
        /** Server id in the API path. Default `localhost`. */
        serverId?: string;
        /** The zone holding the entry points, e.g. `trinity.example`. */
        zone: string;
        /** TTL of entry-point records, in seconds. Default 30. */
        ttl?: number;
        /** The health check PowerDNS runs against each target (ifurlup). */
        healthCheck?: {
          /** Default 80. */
          port?: number;
          /** Default `/healthz`. */
          path?: string;
          /** The portal's own probe timeout, in ms. Default 1000. */
          timeoutMs?: number;
        };
        /**
         * Where this PowerDNS answers DNS queries (`address:port`, e.g.
         * `127.0.0.1:53`): an evacuation asks it whether a drained
         * cluster is still answered. Without it, only the API is read.
         */
        dns?: string;
      };
    };
  };
}
