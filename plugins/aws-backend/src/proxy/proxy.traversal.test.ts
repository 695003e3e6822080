import {
  apigwRoute,
  Echo,
  rawRequest,
  USER_AUTH,
  useBackendOnEmulator,
  s3Route,
} from '../__testUtils__';

// No request leaves its route's target and prefix: each attempt is refused with a 400
// before AWS is called, or reaches AWS inside the prefix, on the target's host.

const env = useBackendOnEmulator(url => ({
  '/apigw': apigwRoute(url, '/prod/api'),
  '/s3': s3Route(url),
}));

function send(path: string) {
  return rawRequest(env.backend.url, {
    path,
    headers: { authorization: USER_AUTH },
  });
}

describe('SigV4 proxy: path traversal', () => {
  it.each([
    ['..', '/apigw/../secret'],
    ['.. at the end', '/apigw/items/..'],
    ['.', '/apigw/./items'],
    ['encoded ..', '/apigw/%2e%2e/secret'],
    ['encoded .. in capitals', '/apigw/%2E%2E/secret'],
    ['half-encoded ..', '/apigw/.%2e/secret'],
    ['double-encoded ..', '/apigw/%252e%252e/secret'],
    ['triple-encoded ..', '/apigw/%25252e%25252e/secret'],
    ['quadruple-encoded ..', '/apigw/%2525252e%2525252e/secret'],
    ['.. under five encodings', '/apigw/%252525252e%252525252e/secret'],
    ['.. behind an encoded slash', '/apigw/items%2f..%2f..%2fsecret'],
    ['.. behind a double-encoded slash', '/apigw/x%252f..%252fsecret'],
    ['a backslash', '/apigw/..\\secret'],
    ['an encoded backslash', '/apigw/%5c..%5csecret'],
    ['a double-encoded backslash', '/apigw/%255c..%255csecret'],
    ['a NUL', '/apigw/items%00.json'],
    ['S3: encoded ..', '/s3/%2e%2e/other-bucket/key'],
    ['S3: .. behind an encoded slash', '/s3/a%2f..%2f..%2fother-bucket'],
  ])('refuses %s with a 400, without calling AWS', async (_what, rest) => {
    env.emulator.resetCalls();
    const response = await send(`/api/aws/proxy${rest}`);
    expect({ rest, status: response.status }).toEqual({ rest, status: 400 });
    const body = JSON.parse(response.body.toString());
    expect(body.error.name).toBe('InputError');
    expect(body.error.stack).toBeUndefined();
    expect(env.emulator.calls()).toEqual({});
  });

  it.each([
    ['//host', '/apigw//evil.example/x', '/prod/api//evil.example/x'],
    ['@host', '/apigw/@evil.example/x', '/prod/api/@evil.example/x'],
    ['user@host', '/apigw/user@evil.example', '/prod/api/user@evil.example'],
    [
      'an absolute URL',
      '/apigw/http://evil.example/x',
      '/prod/api/http://evil.example/x',
    ],
    [
      'an encoded absolute URL',
      '/apigw/http%3A%2F%2Fevil.example',
      '/prod/api/http%3A%2F%2Fevil.example',
    ],
    [
      'a dot inside a name',
      '/apigw/a..b/.hidden/...',
      '/prod/api/a..b/.hidden/...',
    ],
  ])(
    'keeps %s inside the prefix, on the target host',
    async (_what, rest, expected) => {
      const response = await send(`/api/aws/proxy${rest}`);
      expect(response.status).toBe(200);
      const echo = JSON.parse(response.body.toString()) as Echo;
      expect(echo.path).toBe(expected);
      expect(echo.headers.host).toBe(new URL(env.emulator.url).host);
    },
  );

  it.each([
    ['a route name with more after it', '/api/aws/proxy/apigwx/items'],
    ['a route name with dots after it', '/api/aws/proxy/apigw../items'],
    ['a climb out of /proxy', '/api/aws/proxy/../health'],
    ['an encoded route name', '/api/aws/proxy/%61pigw/items'],
    ['no route', '/api/aws/proxy/'],
  ])('answers 404 for %s', async (_what, path) => {
    env.emulator.resetCalls();
    const response = await send(path);
    expect({ path, status: response.status }).toEqual({ path, status: 404 });
    expect(env.emulator.calls()).toEqual({});
  });

  it('never forwards an absolute-form request line elsewhere', async () => {
    env.emulator.resetCalls();
    const response = await send(
      'http://evil.example/api/aws/proxy/apigw/items',
    );
    // Express keeps the scheme and host in req.url, so no route matches: nothing is sent.
    expect(response.status).toBe(404);
    expect(env.emulator.calls()).toEqual({});
  });
});
