/*
 * The aws-bridge demo app, on Backstage's new frontend system. Each feature is one line; the
 * catalog brings the entity pages, on which the aws plugin adds its card, and the aws plugin's
 * sign-in module signs users in through the ALB. The aws plugin's admin page is at /aws-admin;
 * its nav item shows only to users the permission policy lets read it (./nav.tsx).
 */
import awsPlugin, { awsAlbSignInModule } from '@aws-bridge/plugin-aws/alpha';
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { demoNavModule } from './nav';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    awsPlugin,
    awsAlbSignInModule,
    // The AWS admin page's nav item only for those who may read it.
    demoNavModule,
  ],
});
