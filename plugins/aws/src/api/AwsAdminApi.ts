import type { AwsAdminApi } from '@aws-bridge/plugin-aws-common';
import { createApiRef } from '@backstage/core-plugin-api';

/**
 * Reads the aws-bridge backend's admin API (`/api/aws/admin/*`) for the `/aws-admin` page:
 * route, account and sign-in health, and the user directory syncs. The backend checks
 * `aws.admin.read` on every call. The default implementation is `AwsAdminClient` from
 * `@aws-bridge/plugin-aws-common`.
 *
 * @public
 */
export const awsAdminApiRef = createApiRef<AwsAdminApi>({
  id: 'plugin.aws.admin',
});
