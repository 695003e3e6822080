import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AwsAccountDescription } from '@aws-bridge/plugin-aws-common';
import type { AwsCredentialProvider } from '../types';
import type { CredentialSource } from './credentialSources';
import {
  otherServiceClientConfig,
  stsClientConfig,
  StsSettings,
} from './stsClientConfig';
import { adviseOnCredentialsFailure, errorCodeOf } from './credentialsAdvice';
import { redactSecrets } from './redactSecrets';
import {
  type CredentialsBackoffSettings,
  RefreshingCredentials,
} from './RefreshingCredentials';
import { withDeadline } from './withDeadline';

/** How long a health check may take before it is reported as failed. */
const DESCRIBE_TIMEOUT_MS = 10_000;
/** How long the alias may take: it is a nicety, and must not hold the account's report up. */
const ALIAS_TIMEOUT_MS = 3_000;

export type AccountCredentialsOptions = {
  configKey: string;
  isMainAccount: boolean;
  accountId?: string;
  source: CredentialSource;
  sts: StsSettings;
  logger?: LoggerService;
  now?: () => number;
  backoff?: CredentialsBackoffSettings;
};

/**
 * One account's credentials: the cached provider handed to callers, and what the admin page
 * reports about it. One per configured account, one for the main account, and one per account
 * resolved through `aws.accountDefaults`.
 */
export class AccountCredentials {
  readonly configKey: string;
  readonly isMainAccount: boolean;
  readonly source: CredentialSource;
  readonly roleArn?: string;
  readonly sts: StsSettings;
  readonly credentials: RefreshingCredentials;
  /** The object getCredentialProvider returns; the same one every time. */
  readonly provider: AwsCredentialProvider;
  private stsClient?: STSClient;
  private iamClient?: IAMClient;
  /** Aliases rarely change: once read, kept. */
  private alias?: string;
  private callerIdentity?: Promise<{ accountId?: string; arn?: string }>;

  constructor(options: AccountCredentialsOptions) {
    this.configKey = options.configKey;
    this.isMainAccount = options.isMainAccount;
    this.source = options.source;
    this.roleArn = options.source.roleArn;
    this.sts = options.sts;
    const { logger } = options;
    const label = options.accountId
      ? `${options.configKey} (account ${options.accountId})`
      : options.configKey;
    this.credentials = new RefreshingCredentials(options.source.fetch, {
      now: options.now,
      timeoutMs: options.sts.timeoutMs,
      backoff: options.backoff,
      onRefreshError: (error, servingCachedUntil) =>
        logger?.warn(
          `Could not get AWS credentials for ${label}: ${redactSecrets(error.message)}; ${
            servingCachedUntil
              ? `still using the cached ones, valid until ${servingCachedUntil.toISOString()}`
              : 'calls that need them fail until this recovers'
          }`,
        ),
    });
    this.provider = {
      accountId: options.accountId,
      stsRegion: options.sts.region,
      roleArn: this.roleArn,
      sdkCredentialProvider: this.credentials.provide,
    };
  }

  private client(): STSClient {
    this.stsClient ??= new STSClient({
      ...stsClientConfig(this.sts),
      credentials: this.credentials.provide,
    });
    return this.stsClient;
  }

  /** IAM is global: the SDK signs for its partition's IAM region whatever region it is given. */
  private iam(): IAMClient {
    this.iamClient ??= new IAMClient({
      ...otherServiceClientConfig(this.sts),
      credentials: this.credentials.provide,
    });
    return this.iamClient;
  }

  /**
   * The account's alias, for people who know accounts by name. Many roles may not read it
   * (iam:ListAccountAliases); that is not a credentials fault, so it is not an error here.
   */
  private async fetchAlias(): Promise<string | undefined> {
    if (this.alias) return this.alias;
    try {
      // Aborted, not merely abandoned, at the deadline: the call does not run on.
      const { AccountAliases } = await this.iam().send(
        new ListAccountAliasesCommand({}),
        { abortSignal: AbortSignal.timeout(ALIAS_TIMEOUT_MS) },
      );
      this.alias = AccountAliases?.[0];
    } catch {
      // Reported as no alias; the next check asks again.
    }
    return this.alias;
  }

  private async fetchCallerIdentity(abortSignal?: AbortSignal) {
    const identity = await this.client().send(
      new GetCallerIdentityCommand({}),
      {
        abortSignal,
      },
    );
    return { accountId: identity.Account, arn: identity.Arn };
  }

  /**
   * The account these credentials belong to, asked of STS once (the main account's ID is not
   * in config). A failure is not cached, so the next call asks again.
   */
  async accountId(): Promise<string | undefined> {
    if (this.provider.accountId) return this.provider.accountId;
    this.callerIdentity ??= this.fetchCallerIdentity().catch(error => {
      this.callerIdentity = undefined;
      throw error;
    });
    const { accountId } = await this.callerIdentity;
    // Kept on the provider object, as @backstage/integration-aws-node does.
    this.provider.accountId ??= accountId;
    return accountId;
  }

  /**
   * Gets credentials and calls GetCallerIdentity with them, and reports what happened. With
   * `recheck`, a backoff after failures is ended first, so the check asks AWS again now.
   */
  async describe(options?: {
    recheck?: boolean;
  }): Promise<AwsAccountDescription> {
    if (options?.recheck) this.credentials.retryNow();
    const started = performance.now();
    const checkedAt = new Date().toISOString();
    let callerArn: string | undefined;
    let alias: string | undefined;
    let checkError: Error | undefined;
    try {
      const identity = await withDeadline(
        signal => this.fetchCallerIdentity(signal),
        DESCRIBE_TIMEOUT_MS,
        () =>
          new Error(
            `GetCallerIdentity timed out after ${DESCRIBE_TIMEOUT_MS} ms`,
          ),
      );
      callerArn = identity.arn;
      this.provider.accountId ??= identity.accountId;
      alias = await this.fetchAlias();
    } catch (error) {
      checkError = error instanceof Error ? error : new Error(String(error));
    }
    const lastError = checkError ?? this.credentials.lastError;
    const backoff = this.credentials.backoff;
    const lastErrorCode = lastError ? errorCodeOf(lastError) : undefined;
    return {
      accountId: this.provider.accountId,
      alias,
      configKey: this.configKey,
      isMainAccount: this.isMainAccount,
      source: this.source.kind,
      roleArn: this.roleArn,
      stsRegion: this.sts.region,
      stsEndpoint: this.sts.endpoint,
      ok: !checkError,
      callerArn,
      expiration: this.credentials.expiration?.toISOString(),
      lastError: lastError ? redactSecrets(lastError.message) : undefined,
      lastErrorCode,
      advice: lastErrorCode
        ? adviseOnCredentialsFailure(lastErrorCode, {
            configKey: this.configKey,
            source: this.source,
            sts: this.sts,
          })
        : undefined,
      backoff: backoff && {
        failures: backoff.failures,
        retryAt: backoff.retryAt.toISOString(),
      },
      latencyMs: Math.round(performance.now() - started),
      checkedAt,
    };
  }
}
