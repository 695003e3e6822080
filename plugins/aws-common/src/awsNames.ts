// The one definition of what an AWS region name, account ID and partition name look like, for
// every aws-bridge package: config readers, the proxy's routes and the entity annotations all
// ask these, so a name one of them accepts, the others accept too.
//
// Which partition a region belongs to is the AWS SDK's answer (`partition()` from
// `@aws-sdk/util-endpoints`, used by aws-node); this module only says whether a string can be
// a region at all. It runs in the browser too, so it carries no SDK code.

/**
 * The shape of an AWS region name, as a regular expression source without anchors, for
 * embedding in larger patterns (a host name's region part): lowercase letters, then one or more
 * dash-separated words, then a number, as in `us-east-1`, `eusc-de-east-1`, `us-gov-west-1`,
 * `us-isob-east-1` and `cn-north-1`.
 *
 * Loose on purpose: AWS keeps adding regions and partitions (`eusc-` in 2025), and a name of
 * this shape that no partition knows yet is signed as the SDK signs it (in `aws`). It catches
 * what is plainly not a region: `US East`, `useast1`, an ARN, a path.
 *
 * @public
 */
export const AWS_REGION_PATTERN_SOURCE = '[a-z]{2,}(?:-[a-z]+)+-\\d+';

const REGION = new RegExp(`^${AWS_REGION_PATTERN_SOURCE}$`);

/**
 * Whether a string has the shape of an AWS region name (see
 * {@link AWS_REGION_PATTERN_SOURCE}).
 *
 * @public
 */
export function isAwsRegion(value: string): boolean {
  return REGION.test(value);
}

/**
 * Whether a string is an AWS account ID: exactly 12 digits, leading zeros included.
 *
 * @public
 */
export function isAwsAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}

/**
 * The AWS partitions, as ARNs name them (`arn:<partition>:...`): the `id`s of the SDK's
 * `partitions.json`, which `@aws-sdk/util-endpoints` does not export as a list. A test holds
 * this list to the SDK's `partition()` answers. GovCloud and the isolated partitions come
 * before `aws`, as in the SDK's table.
 *
 * @public
 */
export const AWS_PARTITION_NAMES: readonly string[] = [
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
  'aws-cn',
  'aws',
];

/**
 * Whether a string names an AWS partition (see {@link AWS_PARTITION_NAMES}).
 *
 * @public
 */
export function isAwsPartition(value: string): boolean {
  return AWS_PARTITION_NAMES.includes(value);
}
