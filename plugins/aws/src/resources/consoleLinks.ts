import { ARN as ConsoleArn } from 'link2aws';

/**
 * IAM Identity Center's access portal, through which console links open in the resource's
 * account: `https://<portalSubdomain>.awsapps.com/start`, signing in with `roleName` (a
 * permission set the person has in that account); without one the portal asks which.
 */
export interface IdentityCenterPortal {
  portalSubdomain: string;
  roleName?: string;
}

// Pages for commonly tagged types link2aws has no template for, on the console host it picks
// for the ARN's partition. Worth sending upstream to link2aws.
const MORE_PAGES: Record<string, (arn: ConsoleArn) => string> = {
  'cloudwatch:alarm': arn =>
    `https://${arn.region}.${arn.console}/cloudwatch/home?region=${arn.region}#alarmsV2:alarm/${encodeURIComponent(arn.resource)}`,
};

/**
 * The AWS console page for a resource, from its ARN as link2aws parsed it, on its partition's
 * console host (`console.aws.amazon.com`, `console.amazonaws.cn`,
 * `console.amazonaws-us-gov.com`); link2aws knows the URL of each service's pages. Undefined
 * for a type it has no page for.
 */
export function consolePageOf(arn: ConsoleArn): string | undefined {
  try {
    return arn.consoleLink;
  } catch {
    return MORE_PAGES[`${arn.service}:${arn.resource_type}`]?.(arn);
  }
}

/**
 * A link that opens `consoleUrl` in `accountId`. With an Identity Center portal, the portal's
 * shortcut signs the person into that account with the portal's role first (a plain console
 * link opens in whatever account the browser is signed in to); without one, the console URL.
 */
export function consoleLinkFor(
  consoleUrl: string,
  accountId: string,
  portal?: IdentityCenterPortal,
): string {
  if (!portal) return consoleUrl;
  const query = new URLSearchParams({ account_id: accountId });
  if (portal.roleName) query.set('role_name', portal.roleName);
  query.set('destination', consoleUrl);
  return `https://${portal.portalSubdomain}.awsapps.com/start/#/console?${query}`;
}
