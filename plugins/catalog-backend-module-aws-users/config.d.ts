import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Directory syncs: each key is a provider ID, whose entities are User and Group entities
       * read from an AWS directory. See docs/user-provisioning.md.
       */
      awsDirectory?: {
        [providerId: string]: {
          /**
           * The Amazon Cognito user pool to read. Set this or `identityStoreId`.
           *
           * @example us-east-1_AbCdEf123
           */
          userPoolId?: string;
          /**
           * The IAM Identity Center identity store to read. Set this or `userPoolId`.
           *
           * @example d-1234567890
           */
          identityStoreId?: string;
          /**
           * The directory's region. Default: a user pool's own (the part of its ID before the
           * `_`); required for an identity store.
           */
          region?: string;
          /**
           * The account whose credentials (from `aws.accounts`) read the directory. Default:
           * the main account.
           */
          accountId?: string;
          /**
           * Only members of these groups (Cognito group names, identity store display names)
           * are synced, with only these groups. Default: every user and group.
           */
          groups?: string[];
          /**
           * The namespace of the Users and Groups this sync writes. Default: `default`. A
           * namespace of its own keeps a directory's names apart from every other source's.
           */
          namespace?: string;
          /**
           * Directory groups whose members join an existing Group entity instead of one the
           * sync writes (the directory group itself is then not written). The only way a sync
           * adds members to a group it does not own.
           */
          groupMapping?: Array<{
            /** The directory's group name (Cognito group name, identity store display name). */
            directoryGroup: string;
            /** The Group entity its members join: `group:default/platform`, or `platform`. */
            group: string;
          }>;
          /**
           * The issuer of the IdP people sign in with, whose `sub` is this directory's user ID:
           * synced users carry `aws-bridge.io/idp-subject` = `<issuer>#<sub>`, so sign-in
           * reaches them only as that person. Default for a Cognito user pool: the pool's own
           * issuer (`https://cognito-idp.<region>.amazonaws.com/<pool ID>`); none for an
           * identity store.
           */
          idpIssuer?: string;
          /**
           * False when people sign in through another IdP than the one `idpIssuer` names (a
           * Cognito pool synced, Okta at the ALB): synced users are then bound to no subject.
           * Default: true where an issuer is known.
           */
          bindIdpSubjects?: boolean;
          /**
           * When to sync, as Backstage's scheduler reads it. Without it, the sync runs only
           * when an admin starts it from /aws-admin.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
