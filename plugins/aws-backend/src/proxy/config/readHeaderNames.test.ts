import { readHeaderNames } from './readHeaderNames';

describe('readHeaderNames', () => {
  it('reads header names as Node would send them, and nothing when absent', () => {
    expect(readHeaderNames(['X-Amz-Target', "x-a!#$%&'*+.^_`|~"], 'k')).toEqual(
      ['X-Amz-Target', "x-a!#$%&'*+.^_`|~"],
    );
    expect(readHeaderNames([], 'k')).toEqual([]);
    expect(readHeaderNames(undefined, 'k')).toBeUndefined();
  });

  it.each([[['bad header']], [['']], [['x:y']], [['é']], [[1]], ['x-one']])(
    'refuses %j naming the key',
    raw => {
      expect(() => readHeaderNames(raw, 'aws.proxy.routes./x.h')).toThrow(
        'Invalid AWS proxy config at aws.proxy.routes./x.h: must be a list of header names',
      );
    },
  );
});
