import type { AwsAccountDescription } from '../accountHealth';
import type { AwsProxyRouteHealth } from '../health';
import type { AwsAlbSignInStatus } from '../signInStatus';
import type {
  AwsDirectorySyncsResponse,
  AwsDirectorySyncStatus,
} from '../userProvisioning';

/**
 * The aws-bridge backend's admin API (`/api/aws/admin/*`), which the `/aws-admin` page reads.
 * Every call needs the `aws.admin.read` permission, and those that run something now
 * (`checkRoutes`, `checkAccounts`, `runDirectorySync`) `aws.admin.run` as well; a refusal is a
 * `ResponseError` (from `@backstage/errors`) with status 403. Those also answer 429, with
 * `Retry-After`, past the caller's limit (`aws.admin.runLimit`), and within
 * `aws.admin.minRunInterval` of the last run for the same target they answer its result.
 *
 * @public
 */
export interface AwsAdminApi {
  /** Every proxy route with its config and health; results are reused for the check interval. */
  getRoutes(options?: { signal?: AbortSignal }): Promise<AwsProxyRouteHealth[]>;
  /** Probes again now: one route (`/search`), or every route when none is given. */
  checkRoutes(options?: {
    route?: string;
    signal?: AbortSignal;
  }): Promise<AwsProxyRouteHealth[]>;
  /** Every account the backend signs for, with its credentials' health. */
  getAccounts(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAccountDescription[]>;
  /**
   * Checks every account again now, asking AWS even where failures put an account's
   * credentials in backoff (which this ends).
   */
  checkAccounts(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAccountDescription[]>;
  /** The ALB sign-in's status, as the awsalb auth module reports it. */
  getSignInStatus(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAlbSignInStatus>;
  /**
   * The user directory syncs (`catalog.providers.awsDirectory`) and their last runs, as the
   * aws-users catalog module reports them; `installed` is false without that module.
   */
  directorySyncs(options?: {
    signal?: AbortSignal;
  }): Promise<AwsDirectorySyncsResponse>;
  /**
   * Runs one directory sync now and answers its status after the run, which takes seconds; a
   * 404 for an unknown ID, a 503 while the catalog has not started it.
   */
  runDirectorySync(
    id: string,
    options?: { signal?: AbortSignal },
  ): Promise<AwsDirectorySyncStatus>;
}
