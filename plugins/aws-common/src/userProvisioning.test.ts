import { awsEntityNameFor } from './userProvisioning';

describe('awsEntityNameFor', () => {
  it.each([
    ['alice', 'alice'],
    ['jane@corp.example', 'jane'],
    ['Jane.Doe@corp.example', 'Jane.Doe'],
    ['Data Science', 'Data-Science'],
    ['us-east-1_AbC_Google', 'us-east-1_AbC_Google'],
    ['  -weird--name!! ', 'weird--name'],
    ['ünïcode', 'n-code'],
    ['x'.repeat(80), 'x'.repeat(63)],
    ['@@@', undefined],
    ['', undefined],
  ])('names %j as %j', (raw, expected) => {
    expect(awsEntityNameFor(raw)).toBe(expected);
  });
});
