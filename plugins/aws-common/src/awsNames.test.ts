import {
  AWS_PARTITION_NAMES,
  AWS_REGION_PATTERN_SOURCE,
  isAwsAccountId,
  isAwsPartition,
  isAwsRegion,
} from './awsNames';

describe('isAwsAccountId', () => {
  it.each([
    ['012345678901', true],
    ['999999999999', true],
    ['12345', false],
    ['1234567890123', false],
    ['01234567890a', false],
    [' 012345678901', false],
    ['0123-4567-8901', false],
    ['', false],
  ])('%j is %s', (value, expected) => {
    expect(isAwsAccountId(value)).toBe(expected);
  });
});

describe('isAwsRegion', () => {
  it.each([
    // One region of each partition, and the newest shapes.
    ['us-east-1', true],
    ['ap-southeast-2', true],
    ['cn-northwest-1', true],
    ['us-gov-west-1', true],
    ['us-iso-east-1', true],
    ['us-isob-east-1', true],
    ['eu-isoe-west-1', true],
    ['us-isof-south-1', true],
    ['eusc-de-east-1', true],
    ['mx-central-1', true],
    ['US-EAST-1', false],
    ['US East', false],
    ['useast1', false],
    ['us-east', false],
    ['east', false],
    ['moon-1', false],
    ['us-east-1/x', false],
    [' us-east-1', false],
    ['arn:aws:iam::012345678901:role/x', false],
    ['', false],
  ])('%j is %s', (value, expected) => {
    expect(isAwsRegion(value)).toBe(expected);
  });

  it('gives a pattern that finds the region inside a host name', () => {
    const host = new RegExp(
      `^[a-z0-9]+\\.execute-api\\.(?<region>${AWS_REGION_PATTERN_SOURCE})\\.amazonaws\\.com$`,
    );
    expect(
      host.exec('abc123.execute-api.eusc-de-east-1.amazonaws.com')?.groups
        ?.region,
    ).toBe('eusc-de-east-1');
    expect(host.test('abc123.execute-api.amazonaws.com')).toBe(false);
  });
});

describe('isAwsPartition', () => {
  it.each(AWS_PARTITION_NAMES.map(name => [name]))('%s is one', name => {
    expect(isAwsPartition(name)).toBe(true);
  });

  it.each([['aws-moon'], ['amazon'], ['AWS'], ['']])('%j is not', name => {
    expect(isAwsPartition(name)).toBe(false);
  });
});
