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
      /**
       * A directory of cluster registrations, one file per cluster
       * (`<name>.yaml`, or bare `<name>` as a Secret volume mounts a key),
       * each with the fields of trinity.clusters.<name>: a cluster added
       * there is bound within seconds, with no config change or redeploy
       * (production mounts the Secret External Secrets fills from the
       * secret store's `trinity-cluster-<name>` entries). App-config's
       * trinity.clusters.<name> wins over a file.
       */
      registrationsDir?: string;
    };
    /**
     * Where each registered cluster's APIs are reached, by cluster name (the
     * catalog Resource's metadata.name). The embedded default points at the
     * demo fleet; production reads each cluster's registration from
     * trinity.clusterRegistry.registrationsDir instead.
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
