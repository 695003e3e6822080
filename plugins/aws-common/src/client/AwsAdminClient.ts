import { ResponseError } from '@backstage/errors';
import type {
  AwsAccountDescription,
  AwsAccountsHealthResponse,
} from '../accountHealth';
import type {
  AwsProxyRouteHealth,
  AwsProxyRoutesCheckResponse,
  AwsProxyRoutesHealthResponse,
} from '../health';
import type { AwsAlbSignInStatus } from '../signInStatus';
import type {
  AwsDirectorySyncsResponse,
  AwsDirectorySyncStatus,
} from '../userProvisioning';
import type { AwsAdminApi } from './AwsAdminApi';
import type { AwsProxyClientOptions } from './AwsProxyClient';
import { AwsBackend } from './awsBackend';

/**
 * The default {@link AwsAdminApi}: calls `<discovery base URL for 'aws'>/admin/...` with the
 * given fetch (in a frontend, Backstage's `fetchApi`, which adds the user's token).
 *
 * @public
 */
export class AwsAdminClient implements AwsAdminApi {
  private readonly backend: AwsBackend;

  constructor(options: AwsProxyClientOptions) {
    this.backend = new AwsBackend(options);
  }

  async getRoutes(options?: {
    signal?: AbortSignal;
  }): Promise<AwsProxyRouteHealth[]> {
    const body = await this.call<AwsProxyRoutesHealthResponse>(
      '/admin/routes',
      options?.signal,
    );
    return body.routes;
  }

  async checkRoutes(options?: {
    route?: string;
    signal?: AbortSignal;
  }): Promise<AwsProxyRouteHealth[]> {
    const query = options?.route
      ? `?route=${encodeURIComponent(options.route)}`
      : '';
    const body = await this.call<AwsProxyRoutesCheckResponse>(
      `/admin/routes/check${query}`,
      options?.signal,
      'POST',
    );
    return body.routes;
  }

  async getAccounts(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAccountDescription[]> {
    const body = await this.call<AwsAccountsHealthResponse>(
      '/admin/accounts',
      options?.signal,
    );
    return body.accounts;
  }

  async checkAccounts(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAccountDescription[]> {
    const body = await this.call<AwsAccountsHealthResponse>(
      '/admin/accounts/check',
      options?.signal,
      'POST',
    );
    return body.accounts;
  }

  getSignInStatus(options?: {
    signal?: AbortSignal;
  }): Promise<AwsAlbSignInStatus> {
    return this.call<AwsAlbSignInStatus>('/admin/sign-in', options?.signal);
  }

  directorySyncs(options?: {
    signal?: AbortSignal;
  }): Promise<AwsDirectorySyncsResponse> {
    return this.call<AwsDirectorySyncsResponse>(
      '/admin/directory-syncs',
      options?.signal,
    );
  }

  runDirectorySync(
    id: string,
    options?: { signal?: AbortSignal },
  ): Promise<AwsDirectorySyncStatus> {
    return this.call<AwsDirectorySyncStatus>(
      `/admin/directory-syncs/${encodeURIComponent(id)}/run`,
      options?.signal,
      'POST',
    );
  }

  private async call<T>(
    path: string,
    signal?: AbortSignal,
    method = 'GET',
  ): Promise<T> {
    const response = await this.backend.fetch(
      path,
      { method, signal },
      { route: path },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
