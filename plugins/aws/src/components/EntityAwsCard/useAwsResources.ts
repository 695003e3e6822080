import type { AwsEntityAnnotations } from '@aws-bridge/plugin-aws-common';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { AwsTaggedResource } from '@aws-bridge/plugin-aws-common';
import { awsApiRef } from '../../api';
import type { EntityCardConfig } from './entityCardConfig';

/** What one region's search found, or why it failed. */
export type RegionSearch =
  | { region?: string; resources: AwsTaggedResource[] }
  | { region?: string; error: Error };

export interface AwsResourcesState {
  loading: boolean;
  /** One per region searched; `region` is undefined for the route's default region. */
  searches?: RegionSearch[];
  alias?: { value?: string; error?: Error };
  retry(): void;
}

/**
 * Searches the entity's account for its tagged resources in each region it names (or the
 * route's default region when it names none), all regions at once, and reads the account's
 * alias beside them. A failing region does not hide the others' resources.
 */
export function useAwsResources(
  annotations: AwsEntityAnnotations,
  config: EntityCardConfig,
): AwsResourcesState {
  const awsApi = useApi(awsApiRef);
  const { accountId, regions, resourceTags } = annotations;
  const { resourcesRoute, accountAliasRoute } = config;
  const searchRegions = regions.length > 0 ? regions : [undefined];
  const hasTags = Object.keys(resourceTags).length > 0;

  const { loading, value, retry } = useAsyncRetry(async () => {
    const searches = hasTags
      ? Promise.all(
          searchRegions.map(async (region): Promise<RegionSearch> => {
            try {
              const resources = await awsApi.getTaggedResources({
                route: resourcesRoute,
                accountId,
                region,
                tags: resourceTags,
              });
              return { region, resources };
            } catch (error) {
              return { region, error: error as Error };
            }
          }),
        )
      : Promise.resolve([]);
    const alias = accountAliasRoute
      ? awsApi.getAccountAlias({ route: accountAliasRoute, accountId }).then(
          aliasValue => ({ value: aliasValue }),
          error => ({ error: error as Error }),
        )
      : Promise.resolve(undefined);
    return { searches: await searches, alias: await alias };
    // The annotations' values, not the objects, decide when to search again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    awsApi,
    accountId,
    JSON.stringify(searchRegions),
    JSON.stringify(resourceTags),
    resourcesRoute,
    accountAliasRoute,
  ]);

  return {
    loading,
    searches: value?.searches,
    alias: value?.alias,
    retry,
  };
}
