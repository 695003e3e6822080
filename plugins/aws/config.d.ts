export interface Config {
  aws?: {
    /** The entity AWS card (`EntityAwsCard`). */
    entityCard?: {
      /**
       * The SigV4 proxy route the card calls the Resource Groups Tagging API through
       * (`tag:GetResources`). It must let callers pick the account (`accounts`) and every region
       * entities name (`regions`). Default `/tagging`.
       *
       * @visibility frontend
       */
      resourcesRoute?: string;
      /**
       * The proxy route for IAM `ListAccountAliases`, to show each account's alias beside its
       * ID. Without it the card shows the ID alone.
       *
       * @visibility frontend
       */
      accountAliasRoute?: string;
    };
    /** Links to the AWS console. */
    console?: {
      /**
       * IAM Identity Center's access portal: console links go through its shortcut, so they
       * open in the resource's account.
       */
      identityCenter?: {
        /**
         * The portal's subdomain: `d-1234567890` or `my-company` in
         * `https://my-company.awsapps.com/start`.
         *
         * @visibility frontend
         */
        portalSubdomain: string;
        /**
         * The permission set to sign in with, in every account; without it the portal asks.
         *
         * @visibility frontend
         */
        roleName?: string;
      };
    };
  };
}
