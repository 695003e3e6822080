import { sendQueryResult } from '../protocols/render';
import type { RequestContext } from './context';

// IAM, in its query protocol. Only what the suite reads: the caller's account alias.

function listAccountAliases(ctx: RequestContext) {
  const alias = ctx.identities.account(ctx.caller!.accountId)?.alias;
  sendQueryResult(ctx.res, 'iam', 'ListAccountAliases', {
    IsTruncated: false,
    AccountAliases: alias ? [alias] : [],
  });
}

export const iamActions: Record<
  string,
  (ctx: RequestContext, params: URLSearchParams) => void
> = {
  ListAccountAliases: listAccountAliases,
};
