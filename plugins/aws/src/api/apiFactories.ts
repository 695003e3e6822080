import { AwsAdminClient, AwsProxyClient } from '@aws-bridge/plugin-aws-common';
import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { awsAdminApiRef } from './AwsAdminApi';
import { awsApiRef } from './AwsApi';

// The plugin's default API implementations, shared by both frontend systems so the legacy
// plugin (`plugin.ts`) and the new one's `api:aws` and `api:aws/admin` (`alpha.tsx`) register
// the same clients. Both call the backend as the signed-in user through fetchApi.

/** `awsApiRef` through the SigV4 proxy: `AwsProxyClient` from the common library. */
export const awsApiFactory = createApiFactory({
  api: awsApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new AwsProxyClient({ discoveryApi, fetchApi }),
});

/** `awsAdminApiRef` on the backend's admin API: `AwsAdminClient` from the common library. */
export const awsAdminApiFactory = createApiFactory({
  api: awsAdminApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new AwsAdminClient({ discoveryApi, fetchApi }),
});
