import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The `/aws-admin` page's route (legacy frontend system), for links from other plugins.
 *
 * @public
 */
export const awsAdminRouteRef = createRouteRef({ id: 'aws-admin' });
