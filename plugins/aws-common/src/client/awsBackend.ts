import type { AwsProxyClientOptions } from './AwsProxyClient';
import { AwsBackendUnreachableError, AwsCallContext } from './errors';

/**
 * The aws backend plugin as the clients reach it: its base URL from discovery, and the
 * caller's fetch (in a frontend, Backstage's fetchApi, which adds the user's token).
 */
export class AwsBackend {
  private readonly discoveryApi: AwsProxyClientOptions['discoveryApi'];
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: AwsProxyClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /**
   * Fetches `<base URL>/<path>`. A request that gets no answer is an
   * AwsBackendUnreachableError naming the backend; an aborted one rejects as the abort did.
   */
  async fetch(
    path: string,
    init: RequestInit,
    context: AwsCallContext,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('aws');
    try {
      return await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new AwsBackendUnreachableError(
        `Could not reach the Backstage backend at ${baseUrl}: ${(error as Error).message}`,
        context,
      );
    }
  }
}
