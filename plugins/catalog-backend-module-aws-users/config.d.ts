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
           * When to sync, as Backstage's scheduler reads it. Without it, the sync runs only
           * when an admin starts it from /aws-admin.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
