import { decodeJwt } from 'jose';
import { AwsError } from '../protocols/AwsError';
import { sendQueryResult } from '../protocols/render';
import type { FixtureAccount, FixtureRole } from '../fixture/schema';
import type { Principal } from '../state/Identities';
import type { RequestContext } from './context';

// STS, in its query protocol: `Action=...` form parameters in, XML out.

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) {
    throw new AwsError(
      'ValidationError',
      400,
      `1 validation error detected: Value null at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function readSessionName(params: URLSearchParams): string {
  const name = required(params, 'RoleSessionName');
  if (!SESSION_NAME.test(name)) {
    throw new AwsError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  return name;
}

function durationMs(
  ctx: RequestContext,
  params: URLSearchParams,
  role: FixtureRole,
): number {
  const requested = params.has('DurationSeconds')
    ? Number(params.get('DurationSeconds'))
    : 3600;
  if (!Number.isInteger(requested) || requested < 900 || requested > 43200) {
    throw new AwsError(
      'ValidationError',
      400,
      `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  if (requested > role.maxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return (ctx.options.sessionLifetimeSeconds ?? requested) * 1000;
}

/** Whether a trust policy principal entry names the caller. */
function principalMatches(entry: string, caller: Principal): boolean {
  if (entry === '*') return true;
  if (/^\d{12}$/.test(entry)) return entry === caller.accountId;
  if (entry.endsWith(':root')) return entry.split(':')[4] === caller.accountId;
  return entry === caller.arn || entry === caller.roleArn;
}

function accessDenied(caller: string, roleArn: string, action: string) {
  // AWS words it the same whether the role is missing or its trust refuses: existence is not revealed.
  return new AwsError(
    'AccessDenied',
    403,
    `User: ${caller} is not authorized to perform: ${action} on resource: ${roleArn}`,
  );
}

/** New session credentials for a role, in the shape both AssumeRole calls answer with. */
function issueSession(
  ctx: RequestContext,
  params: URLSearchParams,
  found: { account: FixtureAccount; role: FixtureRole },
  roleArn: string,
  sessionName: string,
) {
  const { credentials, principal } = ctx.identities.issueRoleSession(
    found.account.id,
    roleArn,
    sessionName,
    durationMs(ctx, params, found.role),
    ctx.now,
  );
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: principal.userId, Arn: principal.arn },
  };
}

function assumeRole(ctx: RequestContext, params: URLSearchParams) {
  const caller = ctx.caller!;
  const roleArn = required(params, 'RoleArn');
  const name = readSessionName(params);
  const found = ctx.identities.role(roleArn);
  const trust = found?.role.trust;
  if (
    !found ||
    !trust!.principals.some(entry => principalMatches(entry, caller)) ||
    (trust!.externalId !== undefined &&
      params.get('ExternalId') !== trust!.externalId)
  ) {
    throw accessDenied(caller.arn, roleArn, 'sts:AssumeRole');
  }
  sendQueryResult(
    ctx.res,
    'sts',
    'AssumeRole',
    issueSession(ctx, params, found, roleArn, name),
  );
}

function assumeRoleWithWebIdentity(
  ctx: RequestContext,
  params: URLSearchParams,
) {
  const roleArn = required(params, 'RoleArn');
  const name = readSessionName(params);
  const token = required(params, 'WebIdentityToken');
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    throw new AwsError(
      'InvalidIdentityToken',
      400,
      'The web identity token is not a valid JWT.',
    );
  }
  if (!claims.sub) {
    throw new AwsError(
      'InvalidIdentityToken',
      400,
      'The web identity token has no sub claim.',
    );
  }
  if (claims.exp !== undefined && claims.exp * 1000 <= ctx.now) {
    throw new AwsError(
      'ExpiredTokenException',
      400,
      'Token expired: current date/time is after the token expiry',
    );
  }
  const audiences = [claims.aud ?? []].flat();
  const found = ctx.identities.role(roleArn);
  const expected = found?.role.trust.webIdentity;
  const issuer = (claims.iss ?? '').replace(/^https:\/\//, '');
  if (
    !found ||
    !expected ||
    issuer !== expected.issuer.replace(/^https:\/\//, '') ||
    !audiences.includes(expected.audience)
  ) {
    throw accessDenied(
      `arn:aws:sts::${roleArn.split(':')[4] ?? ''}:assumed-role-with-web-identity`,
      roleArn,
      'sts:AssumeRoleWithWebIdentity',
    );
  }
  sendQueryResult(ctx.res, 'sts', 'AssumeRoleWithWebIdentity', {
    ...issueSession(ctx, params, found, roleArn, name),
    SubjectFromWebIdentityToken: claims.sub,
    Provider: issuer,
    Audience: expected.audience,
  });
}

function getCallerIdentity(ctx: RequestContext) {
  const caller = ctx.caller!;
  sendQueryResult(ctx.res, 'sts', 'GetCallerIdentity', {
    Arn: caller.arn,
    UserId: caller.userId,
    Account: caller.accountId,
  });
}

export const stsActions: Record<
  string,
  (ctx: RequestContext, params: URLSearchParams) => void
> = {
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetCallerIdentity: getCallerIdentity,
};

/** STS calls AWS accepts without a signature. */
export const UNSIGNED_STS_ACTIONS = new Set(['AssumeRoleWithWebIdentity']);
