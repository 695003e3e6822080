import { partition } from '@aws-sdk/util-endpoints';

/**
 * The partition of a role ARN built from a role name: the configured one, else the region's
 * as the AWS SDK places it, else `aws`. The SDK's table is the one its clients sign with, so
 * a role ARN and the STS call for it never disagree; for a region it does not know yet, it
 * answers `aws`, as it signs.
 */
export function rolePartition(
  configured: string | undefined,
  region: string | undefined,
): string {
  return configured ?? (region ? partition(region).name : 'aws');
}
