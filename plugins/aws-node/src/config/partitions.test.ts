import { AWS_PARTITION_NAMES } from '@aws-bridge/plugin-aws-common';
import { partition } from '@aws-sdk/util-endpoints';
import { rolePartition } from './partitions';

// aws-common keeps the partition names as a list (the SDK exports no list); the SDK decides
// which partition a region is in. These hold the two to each other.

/** One region of each partition. */
const REGION_OF_EACH_PARTITION = [
  'us-east-1',
  'cn-north-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'eusc-de-east-1',
];

describe("aws-common's AWS_PARTITION_NAMES", () => {
  it("holds the SDK's partition of a region of each partition", () => {
    for (const region of REGION_OF_EACH_PARTITION) {
      expect(AWS_PARTITION_NAMES).toContain(partition(region).name);
    }
  });

  it('holds no name the SDK does not answer for one of those regions', () => {
    const answers = REGION_OF_EACH_PARTITION.map(r => partition(r).name);
    for (const name of AWS_PARTITION_NAMES) {
      expect(answers).toContain(name);
    }
  });
});

describe('rolePartition', () => {
  it('is the configured partition, whatever the region', () => {
    expect(rolePartition('aws-us-gov', 'eu-west-1')).toBe('aws-us-gov');
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
  ])("is the SDK's partition of %s without one configured", (region, name) => {
    expect(rolePartition(undefined, region)).toBe(name);
  });

  it('is aws without a region, and for a region the SDK does not know', () => {
    expect(rolePartition(undefined, undefined)).toBe('aws');
    expect(rolePartition(undefined, 'zz-moon-1')).toBe('aws');
  });
});
