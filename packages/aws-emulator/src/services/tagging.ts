import { AwsError } from '../protocols/AwsError';
import { sendJson } from '../protocols/render';
import type { JsonOperation, RequestContext } from './context';
import { decodeToken, encodeToken } from './pagination';

// Resource Groups Tagging API, in its JSON 1.1 protocol
// (`X-Amz-Target: ResourceGroupsTaggingAPI_20170126.GetResources`).

interface GetResourcesInput {
  PaginationToken?: string;
  TagFilters?: { Key?: string; Values?: string[] }[];
  ResourcesPerPage?: number;
  ResourceTypeFilters?: string[];
  ResourceARNList?: string[];
}

function invalid(message: string) {
  return new AwsError('InvalidParameterException', 400, message);
}

/** `ec2:instance` for `arn:aws:ec2:r:a:instance/i-1`; S3 buckets are `s3:bucket`. */
function resourceType(arn: string): string {
  const [, , service, , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  if (service === 's3' && !resource.includes('/')) return 's3:bucket';
  return `${service}:${resource.split(/[/:]/)[0]}`;
}

function matchesTypeFilter(arn: string, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const type = resourceType(arn);
  return filters.some(f =>
    f.includes(':') ? f === type : type.startsWith(`${f}:`),
  );
}

/** Every filter must match; within one, any of its values (no values: the key exists). */
function matchesTagFilters(
  tags: Record<string, string>,
  filters: NonNullable<GetResourcesInput['TagFilters']>,
): boolean {
  return filters.every(
    f =>
      f.Key !== undefined &&
      f.Key in tags &&
      (!f.Values?.length || f.Values.includes(tags[f.Key])),
  );
}

function readToken(token: string | undefined): number {
  if (!token) return 0;
  const offset = decodeToken(token);
  if (offset === undefined) {
    throw invalid('The PaginationToken is not valid.');
  }
  return offset;
}

function getResources(ctx: RequestContext, input: GetResourcesInput) {
  const perPage = input.ResourcesPerPage ?? 50;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    throw invalid('ResourcesPerPage must be between 1 and 100.');
  }
  if (input.TagFilters && input.TagFilters.length > 50) {
    throw invalid('TagFilters may hold at most 50 filters.');
  }
  if (
    input.ResourceARNList &&
    (input.TagFilters?.length || input.ResourceTypeFilters?.length)
  ) {
    throw invalid(
      'ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters.',
    );
  }
  const account = ctx.identities.account(ctx.caller!.accountId);
  const matching = (account?.resources ?? [])
    .filter(r => (r.arn.split(':')[3] || r.region) === ctx.region)
    .filter(
      r => !input.ResourceARNList || input.ResourceARNList.includes(r.arn),
    )
    .filter(r => matchesTypeFilter(r.arn, input.ResourceTypeFilters ?? []))
    .filter(r => matchesTagFilters(r.tags, input.TagFilters ?? []))
    .sort((a, b) => a.arn.localeCompare(b.arn));
  const offset = readToken(input.PaginationToken);
  const page = matching.slice(offset, offset + perPage);
  const next =
    offset + perPage < matching.length ? offset + perPage : undefined;
  sendJson(ctx.res, {
    // AWS sends an empty token on the last page.
    PaginationToken: next === undefined ? '' : encodeToken(next),
    ResourceTagMappingList: page.map(r => ({
      ResourceARN: r.arn,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  });
}

export const taggingOperations: Record<string, JsonOperation> = {
  GetResources: getResources,
};
