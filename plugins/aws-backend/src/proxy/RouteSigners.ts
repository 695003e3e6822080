import type { AwsCredentialsService } from '@aws-bridge/plugin-aws-node';
import { InputError } from '@backstage/errors';
import { credentialsFailure } from './credentialsFailure';
import { withReason } from './proxyErrors';
import type { ProxyRoute } from './config/routeTypes';
import { RouteSigner, type SigningScope } from './RouteSigner';

/**
 * A route's signers, one per account and region callers have used. The route's own (no
 * account picked, its own region) always exists; others are made on first use, after the
 * credentials service confirms it knows the picked account.
 */
export class RouteSigners {
  private readonly signers = new Map<string, RouteSigner>();
  /** The signer for the route's own account and region (what the health probe uses). */
  readonly own: RouteSigner;

  constructor(
    private readonly route: ProxyRoute,
    private readonly credentials: AwsCredentialsService,
  ) {
    this.own = new RouteSigner(route, credentials, {
      region: route.region,
      target: route.target,
    });
    this.signers.set(this.key({ region: route.region }), this.own);
  }

  private key(scope: { accountId?: string; region: string }) {
    return `${scope.accountId ?? ''}@${scope.region}`;
  }

  /** The signer for a scope; 400 when the caller picked an account nobody configured. */
  async forScope(scope: SigningScope): Promise<RouteSigner> {
    const key = this.key(scope);
    const existing = this.signers.get(key);
    if (existing) return existing;
    if (scope.accountId) await this.checkAccountKnown(scope.accountId);
    const signer = new RouteSigner(this.route, this.credentials, scope);
    this.signers.set(key, signer);
    return signer;
  }

  private async checkAccountKnown(accountId: string) {
    try {
      await this.credentials.getCredentialProvider({ accountId });
    } catch (error) {
      const { name } = error as Error;
      if (name === 'NotFoundError' || name === 'InputError') {
        // The service's message says what config to add: the log's, not the caller's.
        throw withReason(
          new InputError(
            `AWS proxy route '/${this.route.name}' cannot sign for account ${accountId}: this Backstage has no AWS credentials for it`,
          ),
          'account-not-configured',
        );
      }
      throw credentialsFailure(this.route.name, accountId, error as Error);
    }
  }
}
