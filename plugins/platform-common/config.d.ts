export interface Config {
  trinity?: {
    /**
     * DNS zones products may put public hostnames in, with the DNS
     * provider's id of each (the infra repo's EntryPoint.spec.zoneId). Read
     * by the Create Component wizard and the Scaffolder backend.
     */
    publicZones?: Array<{
      /**
       * The zone, e.g. trinity.example.
       * @visibility frontend
       */
      name: string;
      /** The zone's id at the DNS provider. */
      zoneId: string;
      /**
       * The traffic provider that holds this zone, when it is not the one
       * each EntryPoint names (`spec.provider`): the embedded default plays
       * the zone with its PowerDNS. One of powerdns, route53, cloudflare.
       */
      provider?: string;
    }>;
  };
}
