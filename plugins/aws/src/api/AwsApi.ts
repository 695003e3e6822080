import type { AwsApi } from '@aws-bridge/plugin-aws-common';
import { createApiRef } from '@backstage/core-plugin-api';

/**
 * Calls AWS through the aws-bridge SigV4 proxy with the signed-in user's token; the browser
 * never holds an AWS credential. The default implementation is `AwsProxyClient` from
 * `@aws-bridge/plugin-aws-common`, registered by the plugin.
 *
 * @public
 */
export const awsApiRef = createApiRef<AwsApi>({ id: 'plugin.aws.api' });
