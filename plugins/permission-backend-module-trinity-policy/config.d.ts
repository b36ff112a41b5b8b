export interface Config {
  trinity?: {
    permissions?: {
      /**
       * Group entity refs whose members may do everything in the portal.
       * Defaults to `group:default/platform-admins`.
       */
      adminGroups?: string[];
      /**
       * Group entity refs of the on-call rotation. Later permissions (traffic
       * shifts) grant them the same rights as a product's owner group.
       * Defaults to `group:default/oncall`.
       */
      oncallGroups?: string[];
    };
  };
}
