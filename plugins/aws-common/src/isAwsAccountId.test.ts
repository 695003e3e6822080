import { isAwsAccountId } from './isAwsAccountId';

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
