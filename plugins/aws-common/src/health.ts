import { createPermission } from '@backstage/plugin-permission-common';

/**
 * What `GET /api/aws/health` answers while the aws backend plugin is up. Load balancers and
 * uptime checks call it without a token.
 *
 * @public
 */
export interface AwsHealthResponse {
  status: 'ok';
}

/**
 * The health of one SigV4 proxy route, as `GET /api/aws/admin/routes` reports it: whether its
 * credentials resolve, and how its target answered a signed GET. Holds no secret.
 *
 * @public
 */
export type AwsProxyRouteHealth = {
  /** The route, with its leading slash: `/search`. */
  route: string;
  /** Where it forwards to: origin and path prefix, in the route's own region. */
  target: string;
  service: string;
  region: string;
  /** The account it signs for when the caller picks none: an ID, or `main`. */
  account: string;
  /** Where the route is configured: `aws.proxy.routes./search`. */
  configKey: string;
  /** The role it assumes (its `roleArn`), when it has its own rather than an account's. */
  roleArn?: string;
  /** The regions it signs for: its own first, then those a caller may pick. */
  regions: string[];
  /**
   * The accounts a caller may pick with the `x-aws-bridge-account` header: `*` for any the
   * credentials service knows, a list, or none (the route signs only as `account`).
   */
  selectableAccounts: '*' | string[];
  /** Whether the route is open without a Backstage token (`allowUnauthenticatedRequests`). */
  open: boolean;
  /** The methods it forwards; absent when it forwards every method. */
  allowedMethods?: string[];
  /** The operations it forwards (`allowedOperations`); absent when it forwards every one. */
  allowedOperations?: string[];
  /** Whether the credentials resolve, and why not. */
  credentials: { ok: boolean; latencyMs: number; error?: string };
  /** The signed GET to the route's healthCheckPath; absent when credentials failed. */
  probe?: {
    path: string;
    /** The HTTP status the target answered; absent when it did not answer. */
    status?: number;
    latencyMs: number;
    /** Why the probe counts as failed: the connection error, or the start of AWS's answer. */
    error?: string;
  };
  /**
   * Credentials resolve and the target answered below 500 and not with 401 or 403 (which AWS
   * answers for a signature or an identity it refuses).
   */
  healthy: boolean;
  /** When the check ran (ISO 8601); results are reused until the check interval passes. */
  checkedAt: string;
};

/**
 * What `GET /api/aws/admin/routes` answers.
 *
 * @public
 */
export type AwsProxyRoutesHealthResponse = {
  routes: AwsProxyRouteHealth[];
};

/**
 * What `POST /api/aws/admin/routes/check` answers: the routes it checked again, now.
 *
 * @public
 */
export type AwsProxyRoutesCheckResponse = AwsProxyRoutesHealthResponse;

/**
 * Reading the admin API (`/api/aws/admin/...`): every route's and account's health, which
 * names targets, accounts and roles. Resource-less.
 *
 * @public
 */
export const awsAdminReadPermission = createPermission({
  name: 'aws.admin.read',
  attributes: { action: 'read' },
});

/**
 * Running the admin API's costly actions now: a fresh probe of a route
 * (`POST /api/aws/admin/routes/check`), a re-check of the accounts that also ends a
 * credentials backoff (`POST /api/aws/admin/accounts/check`), and "Sync now"
 * (`POST /api/aws/admin/directory-syncs/:id/run`). Each makes the backend call AWS (and, for
 * a sync, rewrite the catalog's users), so it is apart from {@link awsAdminReadPermission}.
 * Resource-less.
 *
 * @public
 */
export const awsAdminRunPermission = createPermission({
  name: 'aws.admin.run',
  attributes: { action: 'update' },
});
