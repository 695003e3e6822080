import { TargetGroupConfig } from './TargetGroup';

/** What the authenticate action does with a request that has no session. */
export type OnUnauthenticatedRequest = 'authenticate' | 'deny';

/** One listener rule: a path pattern, where it forwards, and what an unauthenticated request gets. */
export type ListenerRule = {
  /** An ALB path pattern: `*` matches any characters, e.g. `/api/*`; `*` alone matches all. */
  path: string;
  /**
   * One target's URL, or a target group: round robin across its healthy targets, with health
   * checks. Rules given the same group object share it, as rules forwarding to one target
   * group ARN do: one round robin, one set of health checks.
   */
  target: string | TargetGroupConfig;
  onUnauthenticatedRequest: OnUnauthenticatedRequest;
};

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * A matcher for rules in priority order: the first rule whose path pattern matches, as the ALB
 * evaluates them. The patterns are compiled once, not per request.
 */
export function ruleMatcher(
  rules: ListenerRule[],
): (path: string) => ListenerRule | undefined {
  const compiled = rules.map(rule => ({
    rule,
    pattern: patternToRegExp(rule.path),
  }));
  return path => {
    const pathname = path.split('?')[0];
    return compiled.find(({ pattern }) => pattern.test(pathname))?.rule;
  };
}
