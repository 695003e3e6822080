import type { CredentialSource } from './credentialSources';
import type { StsSettings } from './stsClientConfig';

/** What the advice needs to know about the account whose credentials failed. */
export type AdviceContext = {
  /** Where the account is configured: `aws.accounts[1]`, `aws.mainAccount`, a route's key. */
  configKey: string;
  source: CredentialSource;
  sts: StsSettings;
};

/** Node's socket error codes, as they appear in an SDK error's message. */
const SOCKET_ERROR =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/;

/**
 * The code an AWS SDK error carries in its `name` (`AccessDenied`, `InvalidClientTokenId`),
 * or our own error's name when AWS never answered. Branching on it, not on message text, is
 * what AWS documents for its SDKs.
 *
 * @public
 */
export function errorCodeOf(error: Error): string {
  if (error.name && error.name !== 'Error') return error.name;
  // Node's socket errors: name Error, code ECONNREFUSED, ENOTFOUND...
  const { code } = error as NodeJS.ErrnoException;
  if (typeof code === 'string') return code;
  // The SDK wraps a socket error as "AWS SDK error wrapper for Error: connect ECONNREFUSED
  // 127.0.0.1:9" and drops its code and cause: the message is all that is left of it.
  const socket = SOCKET_ERROR.exec(error.message);
  return socket ? socket[1] : 'Error';
}

const whoseKeys = (ctx: AdviceContext) =>
  ctx.source.kind === 'assumeRole' && ctx.source.signedWith === 'mainAccount'
    ? "the main account's credentials (aws.mainAccount)"
    : `the credentials in ${ctx.configKey}`;

/**
 * What to change to fix a failed credentials check, in the words an admin acts on: which
 * policy or key to look at and which config key to edit. Undefined when the code does not
 * say (the page then shows AWS's own message alone).
 *
 * AWS answers AssumeRole with the same AccessDenied whether the role is missing, its trust
 * policy does not name the caller, or the external ID differs; it does not say which, so the
 * advice names each that can apply to this entry.
 */
export function adviseOnCredentialsFailure(
  code: string,
  ctx: AdviceContext,
): string | undefined {
  const { configKey, source, sts } = ctx;
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      if (source.kind === 'assumeRole' || source.kind === 'webIdentity') {
        const role = source.roleArn ?? 'the role';
        const caller =
          source.kind === 'webIdentity'
            ? "the web identity token's issuer and subject"
            : whoseKeys(ctx);
        const externalId = source.externalId
          ? ` and that ${configKey}.externalId matches the sts:ExternalId its trust policy requires`
          : `; if the trust policy requires an external ID, set ${configKey}.externalId`;
        return (
          `AWS refused to let ${caller} assume ${role}. Check that the role exists, that its trust ` +
          `policy allows that principal to call sts:AssumeRole${externalId}, and that the ` +
          `caller's own policy allows sts:AssumeRole on it`
        );
      }
      return `AWS refused the credentials in ${configKey}: check the IAM policy of the user or role they belong to`;
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return (
        `AWS does not know the access key ID of ${whoseKeys(ctx)}: it was deleted or ` +
        `deactivated, or belongs to another partition. Create a new access key and update the config`
      );
    case 'SignatureDoesNotMatch':
      return `The secret access key of ${whoseKeys(ctx)} does not belong to its access key ID: correct the secretAccessKey`;
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
      return source.kind === 'profile' || source.kind === 'defaultChain'
        ? `The session in ${configKey}'s credentials has expired: refresh them (for example \`aws sso login\`), or give the backend a role`
        : `AWS says the session token has expired: check the clock of this host and the credentials in ${configKey}`;
    case 'RegionDisabledException':
      return `STS is not activated in ${sts.region} for this account: activate the region in IAM's account settings, or set ${configKey}.region to one where it is`;
    case 'InvalidIdentityToken':
    case 'IDPRejectedClaim':
      return `AWS refused the web identity token in ${configKey}.webIdentityTokenFile: check the role's OIDC provider and trust conditions (issuer, audience, subject)`;
    case 'CredentialsProviderError':
      return source.kind === 'profile'
        ? `The profile in ${configKey}.profile was not found or has no credentials in the shared AWS config and credentials files`
        : `No credentials were found for ${configKey}: give the backend a role (instance profile, ECS task role, IRSA) or set keys or a profile`;
    case 'CredentialsTimeoutError':
    case 'TimeoutError':
    case 'RequestTimeout':
      return `STS in ${sts.region}${sts.endpoint ? ` (${sts.endpoint})` : ''} did not answer in time: check the backend's network route to it (proxy, VPC endpoint, security groups), or raise aws.credentialsTimeout`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
      return `STS in ${sts.region}${sts.endpoint ? ` at ${sts.endpoint}` : ''} could not be reached (${code}): check the backend's network route to it, and ${configKey}.stsEndpoint or AWS_ENDPOINT_URL_STS if set`;
    default:
      return undefined;
  }
}
