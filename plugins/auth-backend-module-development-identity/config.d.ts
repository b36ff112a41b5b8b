export interface Config {
  auth?: {
    providers?: {
      /**
       * A development-only identity in another team than the guest's.
       * Refused when `auth.environment` is `production`.
       */
      'development-payments'?: {
        /** The catalog user it signs in as, e.g. user:default/priya.nair. */
        userEntityRef: string;
      } | null;
      /**
       * A development-only platform admin, who reviews and merges what the
       * others propose to the infra repo. Refused in production.
       */
      'development-platform'?: {
        /** The catalog user it signs in as, e.g. user:default/amara.okafor. */
        userEntityRef: string;
      } | null;
    };
  };
}
