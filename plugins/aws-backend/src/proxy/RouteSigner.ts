import type {
  AwsCredentialProvider,
  AwsCredentialsService,
} from '@aws-bridge/plugin-aws-node';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { ownAccount, ProxyRoute, RouteTarget } from './config/routeTypes';
import { credentialsFailure } from './credentialsFailure';

/**
 * What one call is signed for, and so what one signer signs for: an account (the route's own
 * when none), a region, and the target in that region. A caller picks it (readCallerScope);
 * the health probe uses the route's own.
 */
export type SigningScope = {
  /** An account picked by the caller; undefined signs with the route's own credentials. */
  accountId?: string;
  region: string;
  target: RouteTarget;
};

export type RequestToSign = {
  method: string;
  path: string;
  queryParams: Record<string, string | string[]>;
  /** Lower-case names; must include `host` and `x-amz-content-sha256`. */
  headers: Record<string, string>;
};

/**
 * Signs a route's requests with SigV4 (@smithy/signature-v4, what the AWS SDK for
 * JavaScript v3 signs with) for one account and region. Credentials come from the shared
 * credentials service, which caches and refreshes them; the signer caches its signing key per
 * day.
 */
export class RouteSigner {
  private readonly route: ProxyRoute;
  private readonly service: AwsCredentialsService;
  readonly scope: SigningScope;
  private provider?: Promise<AwsCredentialProvider>;
  private readonly signer: SignatureV4;

  constructor(
    route: ProxyRoute,
    service: AwsCredentialsService,
    scope: SigningScope,
  ) {
    this.route = route;
    this.service = service;
    this.scope = scope;
    this.signer = new SignatureV4({
      service: route.service,
      region: scope.region,
      credentials: () => this.credentials(),
      sha256: Hash.bind(null, 'sha256'),
      // SigV4's one exception: S3 signs the path as sent, every other service encodes it again.
      uriEscapePath: route.service !== 's3',
      applyChecksum: true,
    });
  }

  /** Resolves the route's credential provider once; a failure is retried on the next request. */
  private async credentials() {
    if (!this.provider) {
      this.provider = this.resolveProvider();
      this.provider.catch(() => {
        this.provider = undefined;
      });
    }
    return (await this.provider).sdkCredentialProvider();
  }

  /**
   * The picked account's credentials; else the route's role, or its account's (the main
   * account's when it names none).
   */
  private async resolveProvider(): Promise<AwsCredentialProvider> {
    const { credentials, configKey } = this.route;
    if (this.scope.accountId) {
      return this.service.getCredentialProvider({
        accountId: this.scope.accountId,
      });
    }
    return credentials.kind === 'role'
      ? this.service.getRoleCredentialProvider({
          roleArn: credentials.roleArn,
          roleSessionName: credentials.roleSessionName,
          externalId: credentials.externalId,
          configKey,
        })
      : this.service.getCredentialProvider({
          accountId: credentials.accountId,
        });
  }

  /**
   * Gets the credentials this signer signs with; throws why it cannot. `fresh` (an admin's
   * check of this route) asks AWS now even while failures keep the credentials in backoff.
   */
  async checkCredentials(options?: { fresh?: boolean }): Promise<void> {
    // Before the first call there is no provider, and so no backoff to end.
    if (options?.fresh && this.service.retryNow && this.provider) {
      const provider = await this.provider.catch(() => undefined);
      if (provider) this.service.retryNow(provider);
    }
    await this.credentials();
  }

  /** Returns the headers to send: the given ones plus `authorization`, `x-amz-date` and the token. */
  async sign(request: RequestToSign): Promise<Record<string, string>> {
    try {
      const signed = await this.signer.sign({
        method: request.method,
        protocol: this.scope.target.protocol,
        hostname: this.scope.target.hostname,
        path: request.path,
        query: request.queryParams,
        headers: request.headers,
      });
      return signed.headers;
    } catch (error) {
      throw credentialsFailure(
        this.route.name,
        this.scope.accountId ?? ownAccount(this.route),
        error as Error,
      );
    }
  }
}
