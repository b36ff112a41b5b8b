export interface Config {
  auth?: {
    providers?: {
      /**
       * A second development-only identity next to the guest: a user of
       * another team. Refused when `auth.environment` is `production`.
       */
      development?: {
        /** The catalog user it signs in as, e.g. user:default/priya.nair. */
        userEntityRef: string;
      };
    };
  };
  trinity?: {
    signIn?: {
      /**
       * How the sign-in page names the development identity.
       * @visibility frontend
       */
      developmentIdentity?: {
        /** @visibility frontend */
        title: string;
        /** @visibility frontend */
        description?: string;
      };
    };
  };
}
