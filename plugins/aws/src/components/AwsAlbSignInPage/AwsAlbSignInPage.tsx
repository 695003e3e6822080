import { ProxiedSignInPage } from '@backstage/core-components';
import {
  discoveryApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import { AwsAlbIdentity } from './AwsAlbIdentity';
import { AwsAlbSignInError } from './AwsAlbSignInError';

/**
 * The props of {@link AwsAlbSignInPage}: those of every sign-in page, and how often to check
 * the ALB session.
 *
 * @public
 */
export type AwsAlbSignInPageProps = SignInPageProps & {
  /**
   * How often the open app asks whether its ALB session still holds, in milliseconds; it also
   * asks when the tab comes back into view. Default 60000; 0 turns the timer off.
   */
  sessionCheckIntervalMs?: number;
};

/**
 * The sign-in page for Backstage behind an AWS Application Load Balancer: Backstage's
 * `ProxiedSignInPage` for the `awsalb` provider, whose identity signs out at the ALB and the
 * IdP and notices an ALB session that ends, with error pages a person can act on.
 *
 * @public
 */
export function AwsAlbSignInPage(props: AwsAlbSignInPageProps) {
  const { onSignInSuccess, sessionCheckIntervalMs } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const onSuccess = useCallback(
    (identity: Parameters<SignInPageProps['onSignInSuccess']>[0]) =>
      onSignInSuccess(
        new AwsAlbIdentity(identity, discoveryApi, {
          checkIntervalMs: sessionCheckIntervalMs,
        }),
      ),
    [onSignInSuccess, discoveryApi, sessionCheckIntervalMs],
  );
  return (
    <ProxiedSignInPage
      {...props}
      provider="awsalb"
      onSignInSuccess={onSuccess}
      ErrorComponent={AwsAlbSignInError}
    />
  );
}
