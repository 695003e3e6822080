import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  awsConfigErrors,
  readAwsConfigBoolean,
  readAwsConfigDurationMs,
  readAwsConfigGroupMapping,
  readAwsConfigHttpUrl,
  readAwsConfigObject,
  readAwsConfigSize,
  readAwsConfigWholeNumber,
  readAwsConfigString,
  readAwsConfigStringList,
} from './configReaders';

// The readers every aws-bridge backend package shares: what each accepts, what it refuses, and
// the message a refusal gives (it names the key, and the area the key is in).

const error = awsConfigErrors('Test');
const KEY = 'test.key';
/** The message a refusal of `KEY` starts with. */
const AT_KEY = `Invalid Test config at ${KEY}: `;

describe('awsConfigErrors', () => {
  it('makes InputErrors that name the area and the key', () => {
    const made = awsConfigErrors('AWS proxy')('aws.proxy.routes./s3', 'wrong');
    expect(made).toBeInstanceOf(InputError);
    expect(made.message).toBe(
      'Invalid AWS proxy config at aws.proxy.routes./s3: wrong',
    );
  });
});

describe('readAwsConfigString', () => {
  it('reads a non-empty string, trimmed, and nothing when the key is absent', () => {
    expect(readAwsConfigString(' eu-west-1\n', KEY, error)).toBe('eu-west-1');
    expect(readAwsConfigString(undefined, KEY, error)).toBeUndefined();
  });

  it.each([[''], ['  '], [42], [true], [['a']], [{}]])('refuses %j', raw => {
    expect(() => readAwsConfigString(raw, KEY, error)).toThrow(
      `${AT_KEY}must be a non-empty string`,
    );
  });
});

describe('readAwsConfigStringList', () => {
  it('reads a list of non-empty strings, and nothing when the key is absent', () => {
    expect(readAwsConfigStringList(['a', 'b'], KEY, error)).toEqual(['a', 'b']);
    expect(readAwsConfigStringList(undefined, KEY, error)).toBeUndefined();
  });

  it('takes one string as a list of one only with allowSingle', () => {
    expect(
      readAwsConfigStringList('a', KEY, error, { allowSingle: true }),
    ).toEqual(['a']);
    expect(() => readAwsConfigStringList('a', KEY, error)).toThrow(
      `${AT_KEY}must be a non-empty list of non-empty strings`,
    );
  });

  it.each([[[]], [['']], [['a', ' ']], [['a', 1]], [{}], [7]])(
    'refuses %j, naming the items',
    raw => {
      expect(() => readAwsConfigStringList(raw, KEY, error)).toThrow(
        `${AT_KEY}must be a non-empty list of non-empty strings`,
      );
      expect(() =>
        readAwsConfigStringList(raw, KEY, error, { what: 'group names' }),
      ).toThrow(`${AT_KEY}must be a non-empty list of group names`);
      expect(() =>
        readAwsConfigStringList(raw, KEY, error, {
          what: 'group names',
          allowSingle: true,
        }),
      ).toThrow(`${AT_KEY}must be a string or a non-empty list of group names`);
    },
  );
});

describe('readAwsConfigBoolean', () => {
  it('reads true and false, and the default when the key is absent', () => {
    expect(readAwsConfigBoolean(true, KEY, error, false)).toBe(true);
    expect(readAwsConfigBoolean(false, KEY, error, true)).toBe(false);
    expect(readAwsConfigBoolean(undefined, KEY, error, true)).toBe(true);
    expect(readAwsConfigBoolean(undefined, KEY, error, false)).toBe(false);
  });

  it.each([['true'], ['yes'], [1], [0], [null]])('refuses %j', raw => {
    expect(() => readAwsConfigBoolean(raw, KEY, error, false)).toThrow(
      `${AT_KEY}must be true or false`,
    );
  });
});

describe('readAwsConfigObject', () => {
  it('reads an object, {} when absent, and names an unknown key in full', () => {
    expect(readAwsConfigObject({ a: 1 }, KEY, error, ['a', 'b'])).toEqual({
      a: 1,
    });
    expect(readAwsConfigObject(undefined, KEY, error)).toEqual({});
    expect(() => readAwsConfigObject({ c: 1 }, KEY, error, ['a', 'b'])).toThrow(
      `Invalid Test config at ${KEY}.c: unknown key; known keys are a, b`,
    );
    // Without a list of keys, any key is the caller's to read.
    expect(readAwsConfigObject({ c: 1 }, KEY, error)).toEqual({ c: 1 });
  });

  it.each([['x'], [[1]], [3]])('refuses %p', raw => {
    expect(() => readAwsConfigObject(raw, KEY, error)).toThrow(
      `${AT_KEY}must be an object`,
    );
  });
});

describe('readAwsConfigWholeNumber', () => {
  const limits = { defaultValue: 10, min: 1, max: 1000 };
  it('reads a whole number within the limits, the default when absent', () => {
    expect(readAwsConfigWholeNumber(1000, KEY, error, limits)).toBe(1000);
    expect(readAwsConfigWholeNumber(undefined, KEY, error, limits)).toBe(10);
  });

  it.each([[0], [1001], [2.5], ['10'], [NaN]])('refuses %p', raw => {
    expect(() => readAwsConfigWholeNumber(raw, KEY, error, limits)).toThrow(
      `${AT_KEY}must be a whole number from 1 to 1000`,
    );
  });
});

describe('readAwsConfigHttpUrl', () => {
  it('reads http and https URLs, trimmed, and nothing when the key is absent', () => {
    expect(readAwsConfigHttpUrl('https://sts.local', KEY, error)).toBe(
      'https://sts.local',
    );
    expect(readAwsConfigHttpUrl(' http://127.0.0.1:4566/p ', KEY, error)).toBe(
      'http://127.0.0.1:4566/p',
    );
    expect(readAwsConfigHttpUrl(undefined, KEY, error)).toBeUndefined();
  });

  it('allows a query and a fragment only withQuery', () => {
    for (const url of ['https://idp/logout?next=/', 'https://idp/logout#x']) {
      expect(readAwsConfigHttpUrl(url, KEY, error, { withQuery: true })).toBe(
        url,
      );
      expect(() => readAwsConfigHttpUrl(url, KEY, error)).toThrow(
        `${AT_KEY}'${url}' must not have a query or fragment`,
      );
    }
  });

  it.each([
    ['sts.local', "'sts.local' is not a URL"],
    ['ftp://files.local', "'ftp://files.local' must be an http(s) URL"],
    ['', 'must be a non-empty string'],
    [42, 'must be a non-empty string'],
  ])('refuses %j', (raw, message) => {
    expect(() => readAwsConfigHttpUrl(raw, KEY, error)).toThrow(
      `${AT_KEY}${message}`,
    );
  });

  it('refuses a URL with a user name or password, without quoting it', () => {
    for (const url of [
      'https://user:hunter2@sts.local',
      'https://user:hunter2@idp/logout?next=/',
    ]) {
      for (const options of [{}, { withQuery: true }]) {
        const refusal = () => readAwsConfigHttpUrl(url, KEY, error, options);
        expect(refusal).toThrow(
          `${AT_KEY}must not hold a user name or password`,
        );
        expect(refusal).not.toThrow('hunter2');
      }
    }
  });
});

describe('readAwsConfigDurationMs', () => {
  const limits = {
    defaultMs: 10_000,
    minMs: 1_000,
    maxMs: 120_000,
    range: '1 second and 2 minutes',
  };
  const read = (raw: unknown) =>
    readAwsConfigDurationMs(raw, KEY, error, limits);

  it.each([
    ['30s', 30_000],
    ['2 minutes', 120_000],
    ['1 second', 1_000],
    ['PT45S', 45_000],
    [{ seconds: 30 }, 30_000],
    [{ minutes: 1, seconds: 30 }, 90_000],
    [{ milliseconds: 1500 }, 1_500],
    [2_500, 2_500],
  ])('reads %j as %d ms', (raw, ms) => {
    expect(read(raw)).toBe(ms);
  });

  it('is the default when the key is absent', () => {
    expect(read(undefined)).toBe(10_000);
  });

  it.each([['999ms'], ['3m'], [{ hours: 1 }], [999], [120_001], [-5], [NaN]])(
    'refuses %j, out of range',
    raw => {
      expect(() => read(raw)).toThrow(
        `${AT_KEY}must be a duration between 1 second and 2 minutes`,
      );
    },
  );

  it.each([['soon'], [''], ['10 parsecs'], [{ fortnights: 1 }], [true], [[]]])(
    'refuses %j, naming the key and not a stand-in for it',
    raw => {
      const refusal = () => read(raw);
      expect(refusal).toThrow(
        `${AT_KEY}must be a duration between 1 second and 2 minutes, written like 30s`,
      );
      expect(refusal).not.toThrow(/'value'|mock-config/);
    },
  );
});

describe('readAwsConfigSize', () => {
  const read = (raw: unknown) => readAwsConfigSize(raw, KEY, error, 1024);

  it.each([
    ['5mb', 5 * 1024 * 1024],
    ['512kb', 512 * 1024],
    ['1 GiB', 1024 * 1024 * 1024],
    ['2KiB', 2048],
    ['1.5kb', 1536],
    ['10 B', 10],
    ['1048576', 1048576],
    [1048576, 1048576],
    [0, 0],
  ])('reads %j as %d bytes', (raw, size) => {
    expect(read(raw)).toBe(size);
  });

  it('is the default when the key is absent', () => {
    expect(read(undefined)).toBe(1024);
  });

  it.each([
    ['12abc'],
    [-1],
    ['-1'],
    ['5 lightyears'],
    ['5pb'],
    [''],
    [1.5],
    [true],
  ])('refuses %j', raw => {
    expect(() => read(raw)).toThrow(
      `${AT_KEY}'${String(raw)}' is not a size such as 5mb or 1048576`,
    );
  });
});

describe('readAwsConfigGroupMapping', () => {
  const read = (entries: object[], defaultNamespace?: string) =>
    readAwsConfigGroupMapping(
      entries.map(e => new ConfigReader(e)),
      KEY,
      error,
      { nameKey: 'idpGroup', source: 'IdP', defaultNamespace },
    );

  it('maps each name to a Group ref, in the default namespace given', () => {
    expect([
      ...read(
        [
          { idpGroup: 'Data Science', group: 'data-science' },
          { idpGroup: 'ops', group: 'group:default/platform' },
        ],
        'corp',
      ),
    ]).toEqual([
      ['Data Science', 'group:corp/data-science'],
      ['ops', 'group:default/platform'],
    ]);
  });

  it.each([
    [[{ group: 'x' }], '[0].idpGroup: is required: the IdP group name'],
    [
      [
        { idpGroup: 'x', group: 'x' },
        { idpGroup: 'x', group: 'y' },
      ],
      "[1].idpGroup: 'x' is mapped twice: map each IdP group once",
    ],
    [
      [{ idpGroup: 'x' }],
      "[0].group: '' is not a Group entity ref (group:default/platform)",
    ],
    [
      [{ idpGroup: 'x', group: 'user:default/x' }],
      "[0].group: 'user:default/x' is not a Group entity ref",
    ],
  ])('refuses %j, naming the entry', (entries, message) => {
    expect(() => read(entries)).toThrow(
      `Invalid Test config at ${KEY}${message}`,
    );
  });
});
