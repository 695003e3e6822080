import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';

/** How many users' allows are remembered at once; past it the oldest goes. */
export const DEFAULT_MAX_REMEMBERED_DECISIONS = 10_000;

const ALLOW: AuthorizePermissionResponse = { result: AuthorizeResult.ALLOW };

/**
 * The permission framework, remembering a user's ALLOW of a resource-less permission for a
 * short time, so a signed-in user's calls do not each ask the permission backend over HTTP.
 *
 * What it trades, and what it never does:
 * - Only ALLOWs are remembered. A DENY, and an error, are asked again on the next call, so a
 *   permission granted is seen at once, and a remembered decision can only ever let through a
 *   user the policy allowed less than `ttlMs` ago. A permission revoked (or a user removed from
 *   a group the policy checks) is refused at most `ttlMs` after the change.
 * - The time counts from when the question was asked, not from when the answer came.
 * - Concurrent identical questions (same user, same permission) share one request; they all
 *   get its answer, deny and error included.
 * - It decides only for user principals, keyed by user entity ref and, for a token issued on a
 *   user's behalf, the acting service. Service principals are decided locally by Backstage from
 *   their token's access restrictions, resource permissions may depend on the resource, and
 *   anything asking several questions at once goes straight through.
 *
 * Not `lru-cache`: its fetch stores whatever the fetch returns, with the time counted from the
 * answer, and a DENY would have to pose as "nothing" to stay out of it; this rule is clearer
 * written out.
 */
export class CachedPermissionsService implements PermissionsService {
  /** Key → the time (ms) until which the ALLOW is reused. */
  private readonly allowedUntil = new Map<string, number>();
  private readonly inFlight = new Map<
    string,
    Promise<AuthorizePermissionResponse>
  >();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly permissions: PermissionsService,
    private readonly ttlMs: number,
    options: { now?: () => number; maxEntries?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_REMEMBERED_DECISIONS;
  }

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const key = this.keyOf(requests, options);
    if (key === undefined) {
      return this.permissions.authorize(requests, options);
    }
    const until = this.allowedUntil.get(key);
    if (until !== undefined) {
      if (this.now() < until) return [ALLOW];
      this.allowedUntil.delete(key);
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(key, requests, options);
      this.inFlight.set(key, pending);
    }
    return [await pending];
  }

  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    return this.permissions.authorizeConditional(requests, options);
  }

  private async ask(
    key: string,
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse> {
    const asked = this.now();
    try {
      const [decision] = await this.permissions.authorize(requests, options);
      if (decision?.result === AuthorizeResult.ALLOW) {
        this.remember(key, asked + this.ttlMs);
      }
      return decision;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private remember(key: string, until: number) {
    // Re-inserting moves the key to the end, so the first key is the one refreshed longest ago.
    this.allowedUntil.delete(key);
    if (this.allowedUntil.size >= this.maxEntries) {
      const oldest = this.allowedUntil.keys().next().value;
      if (oldest !== undefined) this.allowedUntil.delete(oldest);
    }
    this.allowedUntil.set(key, until);
  }

  /** The cache key of one resource-less question from a user, or undefined to ask as is. */
  private keyOf(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): string | undefined {
    if (requests.length !== 1) return undefined;
    const [request] = requests;
    if (
      request.permission.type !== 'basic' ||
      ('resourceRef' in request && request.resourceRef !== undefined)
    ) {
      return undefined;
    }
    if (!options || !('credentials' in options)) return undefined;
    const principal = (options.credentials as BackstageCredentials).principal;
    if ((principal as { type?: string }).type !== 'user') return undefined;
    const user = principal as BackstageUserPrincipal;
    return `${request.permission.name}\n${user.userEntityRef}\n${
      user.actor?.subject ?? ''
    }`;
  }
}
