import type {
  AwsAccountDescription,
  AwsAlbSignInStatus,
  AwsDirectorySyncStatus,
  AwsDirectorySyncsResponse,
  AwsProxyRoutesCheckResponse,
  AwsProxyRoutesHealthResponse,
} from '@aws-bridge/plugin-aws-common';
import type express from 'express';

/** The admin API: health of every route and account, each reused for the check interval. */
export type AdminApi = {
  routes(): Promise<AwsProxyRoutesHealthResponse['routes']>;
  /** Probes again now: the named route (`/search`), or every route. */
  checkRoutes(route?: string): Promise<AwsProxyRoutesCheckResponse['routes']>;
  accounts(): Promise<AwsAccountDescription[]>;
  /** Checks every account again now, ending any credentials backoff. */
  checkAccounts(): Promise<AwsAccountDescription[]>;
  signIn(): Promise<AwsAlbSignInStatus>;
  directorySyncs(): Promise<AwsDirectorySyncsResponse>;
  /** Runs a directory sync now and answers its status after the run. */
  runDirectorySync(id: string): Promise<AwsDirectorySyncStatus>;
  /**
   * Throws (a NotAllowedError, 403) when the caller may not read the admin API, or, for
   * `run`, may not start its costly actions; answers who the caller is, for the rate limit.
   */
  authorize?(req: express.Request, action: 'read' | 'run'): Promise<string>;
};
