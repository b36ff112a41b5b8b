export interface Config {
  trinity?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order: `github`
       * in production; `guest` on the embedded default, with the
       * development identities below.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
      /**
       * Development-only identities the embedded default's sign-in page
       * offers next to the guest, each a proxy sign-in provider of the
       * auth backend (the guest's, or
       * auth-backend-module-development-identity's `development-<name>`).
       * @visibility frontend
       */
      identities?: Array<{
        /**
         * The auth provider id: guest, development-payments, …
         * @visibility frontend
         */
        provider: string;
        /** @visibility frontend */
        title: string;
        /** @visibility frontend */
        description?: string;
      }>;
    };
  };
}
