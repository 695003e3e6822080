import {
  AwsBackendUnreachableError,
  AwsProxyRefusedError,
  awsProxyRoutePermission,
  AwsServiceError,
} from '@aws-bridge/plugin-aws-common';
import type { TranslationFunction } from '@backstage/core-plugin-api/alpha';
import type { awsTranslationRef } from '../../translation';

type Translate = TranslationFunction<typeof awsTranslationRef.T>;

/** What a person reads about a failed call: what happened, the detail, and what to do. */
export interface CallErrorDescription {
  title: string;
  /** The proxy's or AWS's own words, which name the config key or the principal. */
  detail: string;
  hint?: string;
}

/**
 * The refusals whose title and hint are their messages as they are, by the proxy's reason. The
 * title takes whichever of route, account and region it names.
 */
const PLAIN_REFUSALS = new Map<
  string,
  | 'accountNotAllowed'
  | 'accountNotConfigured'
  | 'regionNotAllowed'
  | 'routeNotFound'
  | 'credentialsFailed'
>([
  ['account-not-allowed', 'accountNotAllowed'],
  ['account-not-configured', 'accountNotConfigured'],
  ['region-not-allowed', 'regionNotAllowed'],
  ['route-not-found', 'routeNotFound'],
  ['credentials-failed', 'credentialsFailed'],
]);

function describeRefusal(
  error: AwsProxyRefusedError,
  t: Translate,
): CallErrorDescription {
  const { route, accountId = '', region = '' } = error.context;
  const detail = error.message;
  const e = 'entityCard.errors' as const;
  const plain = error.reason && PLAIN_REFUSALS.get(error.reason);
  if (plain) {
    return {
      title: t(`${e}.${plain}.title`, { route, accountId, region }),
      detail,
      hint: t(`${e}.${plain}.hint`),
    };
  }
  switch (error.reason) {
    case 'permission-denied':
      return {
        title: t(`${e}.permissionDenied.title`, { route }),
        detail,
        hint: `${t(`${e}.permissionDenied.hint`)} (${awsProxyRoutePermission(route).name})`,
      };
    case 'method-not-allowed':
    case 'operation-not-allowed':
      return {
        title: t(`${e}.operationNotAllowed.title`, { route }),
        detail,
        hint: t(`${e}.operationNotAllowed.hint`, {
          operation: error.context.iamAction?.split(':')[1] ?? '',
        }),
      };
    default:
      if (error.status === 401) {
        return {
          title: t(`${e}.notSignedIn.title`),
          detail,
          hint: t(`${e}.notSignedIn.hint`),
        };
      }
      return {
        title: t(`${e}.proxyRefused.title`, { status: String(error.status) }),
        detail,
      };
  }
}

/** Says what went wrong with a call through the proxy, in words that say what to fix. */
export function describeCallError(
  error: Error,
  t: Translate,
): CallErrorDescription {
  const e = 'entityCard.errors' as const;
  if (error instanceof AwsProxyRefusedError) {
    return describeRefusal(error, t);
  }
  if (error instanceof AwsServiceError) {
    const said = error.awsMessage
      ? t(`${e}.awsSaid`, { message: error.awsMessage })
      : error.code;
    const detail = error.requestId
      ? `${said} (request ID ${error.requestId})`
      : said;
    const { route, accountId = '', iamAction } = error.context;
    if (error.isAccessDenied && iamAction) {
      return {
        title: t(`${e}.accessDenied.title`, { action: iamAction }),
        detail,
        hint: t(`${e}.accessDenied.hint`, {
          action: iamAction,
          route,
          accountId,
        }),
      };
    }
    return { title: t(`${e}.awsError.title`, { code: error.code }), detail };
  }
  if (error instanceof AwsBackendUnreachableError) {
    return {
      title: t(`${e}.unreachable.title`),
      detail: error.message,
      hint: t(`${e}.unreachable.hint`),
    };
  }
  return { title: t(`${e}.unexpected.title`), detail: error.message };
}
