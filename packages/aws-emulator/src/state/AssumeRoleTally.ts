import type { IncomingHttpHeaders } from 'node:http';

/** `AssumeRoleTally.counts()`: account ID -> caller's SDK app ID -> calls. */
export type AssumeRoleCounts = Record<string, Record<string, number>>;

/** What a call is counted under when it names no account, or its caller no app ID. */
export const UNKNOWN = 'unknown';

const APP_ID = /(?:^|\s)app\/(\S+)/;

/**
 * The caller's SDK app ID: the AWS SDK v3 adds `app/<id>` to its user agent when
 * `AWS_SDK_UA_APP_ID` (or the client's `userAgentAppId`) is set. In Node it is in
 * `user-agent`; `x-amz-user-agent` (what browsers send) is read too.
 */
export function appIdOf(headers: IncomingHttpHeaders): string | undefined {
  for (const name of ['x-amz-user-agent', 'user-agent']) {
    const match = APP_ID.exec(String(headers[name] ?? ''));
    if (match) return match[1];
  }
  return undefined;
}

/** The account of a role ARN (`arn:aws:iam::<account>:role/<name>`), if it has one. */
function accountOf(roleArn: string | null): string | undefined {
  const account = roleArn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * The `sts:AssumeRole` calls received, by the account of the role asked for and by the
 * caller's SDK app ID: how often each client (a Backstage replica) went to STS for each
 * account. Every call that arrives counts, refused or not, during an outage too.
 */
export class AssumeRoleTally {
  private readonly tally = new Map<string, Map<string, number>>();

  record(roleArn: string | null, headers: IncomingHttpHeaders) {
    const account = accountOf(roleArn) ?? UNKNOWN;
    const appId = appIdOf(headers) ?? UNKNOWN;
    const byApp = this.tally.get(account) ?? new Map<string, number>();
    byApp.set(appId, (byApp.get(appId) ?? 0) + 1);
    this.tally.set(account, byApp);
  }

  counts(): AssumeRoleCounts {
    return Object.fromEntries(
      [...this.tally].map(([account, byApp]) => [
        account,
        Object.fromEntries(byApp),
      ]),
    );
  }

  clear() {
    this.tally.clear();
  }
}
