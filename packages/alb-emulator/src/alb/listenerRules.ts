/** What the authenticate action does with a request that has no session. */
export type OnUnauthenticatedRequest = 'authenticate' | 'deny';

/** One listener rule: a path pattern, where it forwards, and what an unauthenticated request gets. */
export type ListenerRule = {
  /** An ALB path pattern: `*` matches any characters, e.g. `/api/*`; `*` alone matches all. */
  path: string;
  target: string;
  onUnauthenticatedRequest: OnUnauthenticatedRequest;
};

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** The first rule whose path pattern matches, as the ALB evaluates rules in priority order. */
export function matchRule(
  rules: ListenerRule[],
  path: string,
): ListenerRule | undefined {
  const pathname = path.split('?')[0];
  return rules.find(rule => patternToRegExp(rule.path).test(pathname));
}
