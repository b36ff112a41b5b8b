export interface Config {
  trinity?: {
    clusterRegistry?: {
      /**
       * The catalog locations the cluster registry is read from (the same
       * entries as in catalog.locations). Only clusters whose entity comes
       * from one of them get their endpoints bound from
       * trinity.clusters.<name>; any other kubernetes-cluster Resource gets
       * none.
       */
      locations?: Array<{ type: string; target: string }>;
    };
    /**
     * Where each registered cluster's APIs are reached, by cluster name (the
     * catalog Resource's metadata.name). The embedded default points at the
     * demo fleet; production reads real endpoints from the environment.
     */
    clusters?: {
      [clusterName: string]: {
        kubernetes?: {
          /** Kubernetes API server URL. */
          url: string;
          /**
           * The core Kubernetes plugin's auth provider. Defaults to the
           * provider's own (aws, google, azure).
           */
          authProvider?: string;
          /** Base64 PEM of the API server's CA; empty for plain HTTP. */
          caData?: string;
        };
        argocd?: {
          /** Argo CD API base URL for this cluster (or the central Argo CD). */
          url: string;
          /** Argo CD UI base URL for links, if different from `url`. */
          uiUrl?: string;
        };
        prometheus?: {
          /** Prometheus (or Thanos Query) HTTP API base URL. */
          url: string;
        };
        /**
         * The address global entry points send this cluster's share to,
         * when it is not the registry's `spec.entryPoint` (the demo fleet's
         * loopback ingresses).
         */
        ingress?: string;
      };
    };
  };
}
