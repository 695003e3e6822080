import {
  Echo,
  rawRequest,
  USER_AUTH,
  useBackendOnEmulator,
} from '../__testUtils__';

// What the client encoded is what AWS receives and what is signed: every request here is
// checked by the emulator, which recomputes the SigV4 signature with the aws4 package.

const scope = { region: 'us-east-1' };
const env = useBackendOnEmulator(url => ({
  '/apigw': {
    target: `${url}/prod`,
    service: 'execute-api',
    ...scope,
  },
  '/apigw-slash': {
    target: `${url}/prod/`,
    service: 'execute-api',
    ...scope,
  },
  '/root': { target: url, service: 'execute-api', ...scope },
  '/s3': { target: `${url}/bucket`, service: 's3', ...scope },
  '/team/search': {
    target: `${url}/search`,
    service: 'es',
    ...scope,
  },
}));

async function echo(path: string): Promise<Echo> {
  const response = await rawRequest(env.backend.url, {
    path: `/api/aws/proxy${path}`,
    headers: { authorization: USER_AUTH },
  });
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return JSON.parse(response.body.toString()) as Echo;
}

describe('SigV4 proxy: paths', () => {
  it.each([
    // [proxy path, path AWS receives]
    ['/apigw', '/prod'],
    ['/apigw/', '/prod/'],
    ['/apigw/items', '/prod/items'],
    ['/apigw/items/', '/prod/items/'],
    ['/apigw-slash/items', '/prod/items'],
    ['/apigw-slash', '/prod'],
    ['/root', '/'],
    ['/root/', '/'],
    ['/root/items', '/items'],
    ['/team/search/_search', '/search/_search'],
  ])('appends %s to the prefix exactly once: %s', async (path, expected) => {
    expect((await echo(path)).path).toBe(expected);
  });

  it.each([
    ['spaces', '/a%20b', '/prod/a%20b'],
    ['a plus', '/c+d', '/prod/c+d'],
    ['unicode', '/%E2%9C%93/%C3%A9t%C3%A9', '/prod/%E2%9C%93/%C3%A9t%C3%A9'],
    ['an encoded slash', '/x%2Fy', '/prod/x%2Fy'],
    ['reserved characters', "/it's(1)*!$&=;,:@~", "/prod/it's(1)*!$&=;,:@~"],
    ['encoded reserved characters', '/%3F%23%26%25', '/prod/%3F%23%26%25'],
  ])(
    'sends %s in the path as the client encoded it (double-encoded in the signature)',
    async (_what, rest, expected) => {
      const result = await echo(`/apigw${rest}`);
      expect(result.path).toBe(expected);
      expect(result.service).toBe('execute-api');
    },
  );

  it.each([
    ['spaces', '/dir/a%20b', '/bucket/dir/a%20b'],
    ['a plus, which S3 would read as a space', '/a+b', '/bucket/a%2Bb'],
    ['unicode', '/%E2%9C%93', '/bucket/%E2%9C%93'],
    ['an encoded tilde', '/%7Ex', '/bucket/~x'],
    ['reserved characters', "/it's(1)", '/bucket/it%27s%281%29'],
  ])(
    'sends %s in an S3 key encoded once, exactly as signed',
    async (_what, rest, expected) => {
      const result = await echo(`/s3${rest}`);
      expect(result.path).toBe(expected);
      expect(result.service).toBe('s3');
      expect(result.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    },
  );
});

describe('SigV4 proxy: query strings', () => {
  it.each([
    ['a plain pair', 'a=1', 'a=1'],
    ['+ as a space, as URLSearchParams writes it', 'q=a+b', 'q=a%20b'],
    ['an encoded plus', 'q=a%2Bb', 'q=a%2Bb'],
    ['an encoded space', 'q=a%20b', 'q=a%20b'],
    ['unicode', 'u=%E2%9C%93', 'u=%E2%9C%93'],
    ['reserved characters', 'r=%26%3D%3F%23%2F%3A', 'r=%26%3D%3F%23%2F%3A'],
    ['sub-delimiters left raw', "s=it's(1)*!", 's=it%27s%281%29%2A%21'],
    ['repeated keys, in the order sent', 'k=2&k=1&k=3', 'k=2&k=1&k=3'],
    ['an empty value and a bare key', 'e=&flag', 'e=&flag='],
    ['an encoded key', 'a%20b=c', 'a%20b=c'],
  ])('sends %s', async (_what, query, expected) => {
    const result = await echo(`/apigw/items?${query}`);
    expect(result.rawQuery).toBe(expected);
    expect(result.path).toBe('/prod/items');
  });

  it('drops presigned-URL signature parameters the client sent', async () => {
    const result = await echo(
      '/apigw/items?X-Amz-Signature=abc&x-amz-credential=AKIA%2Fx&keep=1',
    );
    expect(result.rawQuery).toBe('keep=1');
  });

  it('sends a query on an S3 route', async () => {
    const result = await echo('/s3?list-type=2&prefix=a%20b%2F');
    expect(result.rawQuery).toBe('list-type=2&prefix=a%20b%2F');
    expect(result.path).toBe('/bucket');
  });

  it('refuses malformed percent-encoding with a 400', async () => {
    for (const path of [
      '/apigw/items?q=%E0%A4%A',
      '/apigw/%ZZ',
      '/s3/%E2%9C',
    ]) {
      const response = await rawRequest(env.backend.url, {
        path: `/api/aws/proxy${path}`,
        headers: { authorization: USER_AUTH },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(JSON.parse(response.body.toString()).error.message).toMatch(
        /Malformed percent-encoding/,
      );
    }
  });
});
