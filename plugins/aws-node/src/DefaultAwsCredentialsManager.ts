import { parse as parseArn } from '@aws-sdk/util-arn-parser';
import { isAwsAccountId } from '@aws-bridge/plugin-aws-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AwsCredentialsConfig,
  DEFAULT_ROLE_SESSION_NAME,
  EMPTY_AWS_CREDENTIALS_CONFIG,
} from './config/awsCredentialsConfig';
import { readAwsCredentialsConfig } from './config/readAwsCredentialsConfig';
import { rolePartition } from './config/partitions';
import { formatRoleArn, parseRoleArn } from './config/roleArn';
import {
  AccountCredentials,
  type AccountCredentialsOptions,
} from './credentials/AccountCredentials';
import { createCredentialSource } from './credentials/credentialSources';
import type { CredentialSourceConfig } from './credentials/credentialSources';
import { redactSecrets } from './credentials/redactSecrets';
import type { AwsAccountDescription } from '@aws-bridge/plugin-aws-common';
import type {
  AwsCredentialProvider,
  AwsCredentialProviderOptions,
  AwsCredentialsService,
  AwsDescribeAccountsOptions,
  AwsRoleCredentialProviderOptions,
} from './types';

/**
 * Options for {@link DefaultAwsCredentialsManager.fromConfig}.
 *
 * @public
 */
export type DefaultAwsCredentialsManagerOptions = {
  /** Where failed credential refreshes are reported. */
  logger?: LoggerService;
  /** The clock that decides when cached credentials are refreshed; for tests. */
  now?: () => number;
};

/**
 * The STS region when config names none: the region Backstage runs in as the SDK sees it,
 * so STS is called regionally, near Backstage, rather than through the global endpoint.
 */
function defaultStsRegion(): string {
  return (
    process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'
  );
}

/**
 * Turns the `aws` config into credential providers for any account ID or ARN. A drop-in for
 * the class of the same name in `@backstage/integration-aws-node`: same config, same method,
 * same resolution order; plus cached, single-flight credentials and {@link DefaultAwsCredentialsManager.describeAccounts}.
 *
 * @public
 */
export class DefaultAwsCredentialsManager implements AwsCredentialsService {
  /**
   * Reads the root config's `aws` block. Throws an InputError naming the key for any mistake
   * in it; without an `aws` block, every call gets the SDK's default credential chain.
   */
  static fromConfig(
    config: Config,
    options: DefaultAwsCredentialsManagerOptions = {},
  ): DefaultAwsCredentialsManager {
    const aws = config.getOptionalConfig('aws');
    return new DefaultAwsCredentialsManager(
      aws ? readAwsCredentialsConfig(aws) : EMPTY_AWS_CREDENTIALS_CONFIG,
      options,
    );
  }

  private readonly config: AwsCredentialsConfig;
  /** What every account's credentials share: the logger, the clock and the backoff. */
  private readonly shared: Pick<
    AccountCredentialsOptions,
    'logger' | 'now' | 'backoff'
  >;
  private readonly mainAccount: AccountCredentials;
  /** Configured accounts, and those resolved through accountDefaults as they are asked for. */
  private readonly accounts = new Map<string, AccountCredentials>();
  /** Roles asked for by ARN (proxy routes with a roleArn), keyed by ARN, session and external ID. */
  private readonly roles = new Map<string, AccountCredentials>();

  private constructor(
    config: AwsCredentialsConfig,
    options: DefaultAwsCredentialsManagerOptions,
  ) {
    this.config = config;
    this.shared = { ...options, backoff: config.credentialsBackoff };
    const { mainAccount } = config;
    const mainSts = {
      region: mainAccount.region ?? defaultStsRegion(),
      endpoint: mainAccount.stsEndpoint,
      timeoutMs: config.credentialsTimeoutMs,
    };
    this.mainAccount = new AccountCredentials({
      ...this.shared,
      configKey: 'aws.mainAccount',
      isMainAccount: true,
      source: createCredentialSource(mainAccount, mainSts),
      sts: mainSts,
    });
    for (const account of config.accounts) {
      this.addAccount(account.accountId, account.configKey, account);
    }
  }

  /**
   * Returns the credential provider for an account, given its ID or the ARN of a resource in
   * it; with neither (or an ARN without an account, like an S3 bucket's), the main account's.
   * The same account always gets the same provider object, whose credentials are shared.
   */
  async getCredentialProvider(
    opts?: AwsCredentialProviderOptions,
  ): Promise<AwsCredentialProvider> {
    const accountId = opts?.accountId || accountIdOfArn(opts?.arn);
    if (!accountId) {
      return this.mainAccount.provider;
    }
    if (!isAwsAccountId(accountId)) {
      throw new InputError(
        `'${accountId}' is not an AWS account ID (12 digits)`,
      );
    }
    const known =
      this.accounts.get(accountId) ?? this.fromAccountDefaults(accountId);
    if (known) {
      return known.provider;
    }
    let mainAccountId: string | undefined;
    try {
      mainAccountId = await this.mainAccount.accountId();
    } catch (error) {
      throw new NotFoundError(
        `There is no AWS config for account ${accountId}, and the main account's ID could not be checked against it (${redactSecrets(
          error instanceof Error ? error.message : String(error),
        )}). Add the account under aws.accounts, or set aws.accountDefaults.roleName.`,
      );
    }
    if (accountId === mainAccountId) {
      return this.mainAccount.provider;
    }
    throw new NotFoundError(
      `There is no AWS config for account ${accountId}. Add it under aws.accounts (accountId: '${accountId}' with a roleName, static keys or a profile), or set aws.accountDefaults.roleName to assume the same role in every account.`,
    );
  }

  /** Reports on the main account and every account known so far; see AwsCredentialsService. */
  async describeAccounts(
    options?: AwsDescribeAccountsOptions,
  ): Promise<AwsAccountDescription[]> {
    // The main account's describe starts first (and ends its backoff before its first await):
    // the others assume their roles with its credentials, so a re-check must not find it
    // still backing off.
    const [main, ...others] = this.knownAccounts();
    const mainDescribed = main.describe(options);
    const othersDescribed = Promise.all(
      others.map(account => account.describe(options)),
    );
    return [await mainDescribed, ...(await othersDescribed)];
  }

  /** The main account first, then configured accounts, those met since, and roles. */
  private knownAccounts(): AccountCredentials[] {
    return [
      this.mainAccount,
      ...this.accounts.values(),
      ...this.roles.values(),
    ];
  }

  /** Ends the backoff behind one of this manager's providers; see AwsCredentialsService. */
  retryNow(provider: AwsCredentialProvider): void {
    const account = this.knownAccounts().find(
      known => known.provider === provider,
    );
    account?.credentials.retryNow();
  }

  /** Assumes one role with the main account's credentials; see AwsCredentialsService. */
  getRoleCredentialProvider(
    opts: AwsRoleCredentialProviderOptions,
  ): AwsCredentialProvider {
    const role = parseRoleArn(opts.roleArn);
    if (!role) {
      throw new InputError(
        `'${opts.roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
      );
    }
    const roleSessionName = opts.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME;
    // The external ID is part of the key but never of anything reported.
    const key = JSON.stringify([
      opts.roleArn,
      roleSessionName,
      opts.externalId,
    ]);
    let account = this.roles.get(key);
    if (!account) {
      const sts = this.mainAccount.sts;
      account = new AccountCredentials({
        ...this.shared,
        configKey: opts.configKey ?? opts.roleArn,
        isMainAccount: false,
        accountId: role.accountId,
        source: createCredentialSource(
          {
            roleArn: opts.roleArn,
            roleSessionName,
            externalId: opts.externalId,
          },
          sts,
          this.mainAccount.credentials.provide,
        ),
        sts,
      });
      this.roles.set(key, account);
    }
    return account.provider;
  }

  private fromAccountDefaults(
    accountId: string,
  ): AccountCredentials | undefined {
    const defaults = this.config.accountDefaults;
    if (!defaults.roleName) return undefined;
    const region = defaults.region ?? this.mainAccount.sts.region;
    const roleArn = formatRoleArn({
      partition: rolePartition(defaults.partition, region),
      accountId,
      roleName: defaults.roleName,
    });
    return this.addAccount(accountId, 'aws.accountDefaults', {
      ...defaults,
      roleArn,
    });
  }

  /**
   * Builds and keeps an account's credentials. STS is called in the entry's region, else the
   * main account's; an entry's stsEndpoint is its own and does not pass to others.
   */
  private addAccount(
    accountId: string,
    configKey: string,
    entry: CredentialSourceConfig & { region?: string; stsEndpoint?: string },
  ): AccountCredentials {
    const sts = {
      region: entry.region ?? this.mainAccount.sts.region,
      endpoint: entry.stsEndpoint,
      timeoutMs: this.config.credentialsTimeoutMs,
    };
    const account = new AccountCredentials({
      ...this.shared,
      configKey,
      isMainAccount: false,
      accountId,
      source: createCredentialSource(
        entry,
        sts,
        this.mainAccount.credentials.provide,
      ),
      sts,
    });
    this.accounts.set(accountId, account);
    return account;
  }
}

function accountIdOfArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  try {
    return parseArn(arn).accountId || undefined;
  } catch {
    throw new InputError(`'${arn}' is not an ARN`);
  }
}
