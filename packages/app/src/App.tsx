/*
 * The aws-bridge demo app, on Backstage's new frontend system. Each feature is one line; the
 * catalog brings the entity pages, on which the aws plugin adds its card, and the aws plugin's
 * sign-in module signs users in through the ALB.
 */
import awsPlugin, { awsAlbSignInModule } from '@aws-bridge/plugin-aws/alpha';
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    awsPlugin,
    awsAlbSignInModule,
  ],
});
