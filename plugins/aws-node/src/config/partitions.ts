// The AWS partitions, with the region names each one holds (from the regionRegex fields of
// the SDK's partitions.json; @aws-sdk/util-endpoints holds the same table but does not export
// it). More specific patterns come first: `us-gov-west-1` must not match `aws`.
const PARTITIONS: ReadonlyArray<{ name: string; regions: RegExp }> = [
  { name: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/ },
  { name: 'aws-iso', regions: /^us-iso-\w+-\d+$/ },
  { name: 'aws-iso-b', regions: /^us-isob-\w+-\d+$/ },
  { name: 'aws-iso-e', regions: /^eu-isoe-\w+-\d+$/ },
  { name: 'aws-iso-f', regions: /^us-isof-\w+-\d+$/ },
  { name: 'aws-eusc', regions: /^eusc-(de)-\w+-\d+$/ },
  { name: 'aws-cn', regions: /^cn-\w+-\d+$/ },
  { name: 'aws', regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/ },
];

export const PARTITION_NAMES = PARTITIONS.map(p => p.name);

export function isKnownPartition(name: string): boolean {
  return PARTITION_NAMES.includes(name);
}

/** The partition a region belongs to, or undefined for a name no partition holds. */
export function partitionOfRegion(region: string): string | undefined {
  return PARTITIONS.find(p => p.regions.test(region))?.name;
}
