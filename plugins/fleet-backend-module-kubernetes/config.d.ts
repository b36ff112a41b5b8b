export interface Config {
  trinity?: {
    fleet?: {
      kubernetes?: {
        /**
         * Keep each cluster's collections by Kubernetes watches (list once,
         * then apply the watch's events) instead of listing them on every
         * refresh round. Default true.
         */
        watch?: boolean;
        /**
         * How long the API server keeps one watch open before the fleet
         * watches again from the last version it saw, in seconds. Default
         * 240: under Node's fetch, whose body timeout (300 s without a byte)
         * would otherwise end a quiet watch as an error (client-go's
         * reflector picks 5–10 minutes).
         */
        watchTimeoutSeconds?: number;
        /**
         * A collection no cell read for this long is no longer watched, in
         * seconds. Default 300.
         */
        watchIdleSeconds?: number;
      };
    };
  };
}
