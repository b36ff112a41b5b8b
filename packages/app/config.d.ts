export interface Config {
  trinity?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order.
       * `guest` for the embedded default, `github` in production.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
