import type {
  AwsAlbSignInFailureCount,
  AwsAlbSignInStatus,
} from '@aws-bridge/plugin-aws-common';
import type { AwsSignInStatusReporter } from '@aws-bridge/plugin-aws-node';
import type { AwsAlbAuthenticatorContext } from '../authenticator';
import type { AwsAlbFailureReason } from '../errors';
import { probeKeyEndpoint } from './probeKeyEndpoint';

/**
 * Reasons whose message names the person signing in (their email or username): counted, but
 * their message is not kept, so the admin page shows no one who failed.
 */
const PERSONAL_REASONS: ReadonlySet<string> = new Set<AwsAlbFailureReason>([
  'user-not-found',
  'not-provisioned',
  'sign-in-refused',
]);

/** A failure that is not an AwsAlbAuthError: a resolver or the catalog failing. */
export const UNEXPECTED_FAILURE = 'unexpected-error';

/**
 * Counts this backend's sign-ins by outcome, and reports them with the provider's config and
 * key endpoint for the admin page. Memory is bounded: one entry per failure reason.
 */
export class SignInStatusRecorder implements AwsSignInStatusReporter {
  private readonly failures = new Map<string, AwsAlbSignInFailureCount>();
  private lastSuccess?: { at: string; userEntityRef: string };
  private readonly countingSince = new Date().toISOString();

  constructor(private readonly context: AwsAlbAuthenticatorContext) {}

  recordFailure(reason: string, message: string): void {
    const previous = this.failures.get(reason);
    // Re-inserted, so the map is ordered by the last occurrence.
    this.failures.delete(reason);
    this.failures.set(reason, {
      reason,
      count: (previous?.count ?? 0) + 1,
      lastAt: new Date().toISOString(),
      lastMessage: PERSONAL_REASONS.has(reason) ? undefined : message,
    });
  }

  recordSuccess(userEntityRef: string): void {
    this.lastSuccess = { at: new Date().toISOString(), userEntityRef };
  }

  async describe(): Promise<AwsAlbSignInStatus> {
    const { options, keys } = this.context;
    return {
      configured: true,
      provider: {
        issuer: options.issuer,
        signers: options.signers,
        publicKeyEndpoint: options.publicKeyEndpoint,
        idp: options.idp,
        clientIds: options.clientIds,
        accessTokenCheck: Boolean(options.accessToken),
        sessionDurationSeconds: options.sessionDurationSeconds,
      },
      cachedKeys: keys.size,
      keyEndpoint: await probeKeyEndpoint(keys),
      failures: [...this.failures.values()].reverse(),
      lastSuccess: this.lastSuccess,
      countingSince: this.countingSince,
    };
  }
}
