import { badGateway, ProxyError, withReason } from './proxyErrors';

/** Where an admin finds the full cause of a credentials failure. */
const WHERE_ADMINS_LOOK =
  'an admin can see why in the backend log and at /api/aws/admin/accounts';

/**
 * What a caller may learn of why credentials could not be had: the kind of failure, never
 * AWS's own message, which names the backend's IAM principal, the role and the STS endpoint.
 */
function kindOfFailure(error: Error): string {
  const { name, $metadata } = error as Error & {
    $metadata?: { httpStatusCode?: number };
  };
  if (name === 'CredentialsTimeoutError') return 'AWS did not answer in time';
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) {
    return `AWS refused them (HTTP ${status}${/^[A-Za-z.]{1,64}$/.test(name) ? ` ${name}` : ''})`;
  }
  return 'the credential source failed';
}

/**
 * The 502 a caller gets when the credentials for a route (and the account picked) cannot be
 * had: which route, which account, the kind of failure and where an admin looks. The full
 * cause goes to the log only.
 */
export function credentialsFailure(
  routeName: string,
  /** The account signed for: an ID, or `main` for the main account's credentials. */
  account: string,
  error: Error,
): ProxyError {
  const whose = account === 'main' ? 'the main account' : `account ${account}`;
  return withReason(
    badGateway(
      `Could not get AWS credentials for proxy route '/${routeName}' and ${whose}: ${kindOfFailure(
        error,
      )}; ${WHERE_ADMINS_LOOK}`,
      error.message,
    ),
    'credentials-failed',
  );
}
