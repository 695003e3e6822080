import {
  apigwRoute,
  Echo,
  rawRequest,
  USER_AUTH,
  useBackendOnEmulator,
  useUpstream,
} from '../__testUtils__';

// Which headers cross the proxy, each way.

// An upstream that answers with every kind of header, signed or not.
const upstream = useUpstream((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.setHeader('etag', '"abc"');
  res.setHeader('x-amzn-requestid', 'req-1');
  res.setHeader('set-cookie', ['session=aws; Path=/', 'other=1']);
  res.setHeader('www-authenticate', 'Basic realm="aws"');
  res.setHeader('x-internal', 'secret-ish');
  res.setHeader('x-extra', 'wanted');
  res.setHeader('location', 'https://evil.example/');
  res.end('{}');
});

const scope = { service: 'execute-api', region: 'us-east-1' };
const setup = useBackendOnEmulator(url => ({
  '/apigw': apigwRoute(url),
  '/rpc': {
    target: url,
    ...scope,
    allowedRequestHeaders: ['X-Amz-Target', 'x-custom', 'x-amz-date'],
  },
  '/headers': { target: upstream.url, ...scope },
  '/headers-extra': {
    target: upstream.url,
    ...scope,
    allowedResponseHeaders: ['x-extra', 'set-cookie'],
  },
}));

const CLIENT_HEADERS = {
  authorization: USER_AUTH,
  cookie: 'backstage-session=secret',
  host: 'evil.example',
  'x-amz-date': '20000101T000000Z',
  'x-amz-security-token': 'client-token',
  'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  'x-amz-target': 'DynamoDB_20120810.DeleteTable',
  'x-amz-meta-owner': 'me',
  'x-forwarded-for': '10.0.0.1',
  'x-custom': 'hello',
  'proxy-authorization': 'Basic abc',
  te: 'trailers',
  accept: 'application/json',
  'accept-language': 'en',
  'if-none-match': '"v1"',
  range: 'bytes=0-10',
};

async function echoVia(route: string, headers: Record<string, string>) {
  const response = await rawRequest(setup.backend.url, {
    path: `/api/aws/proxy/${route}/items`,
    headers,
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.body.toString()) as Echo;
}

describe('SigV4 proxy: request headers', () => {
  it('drops the Backstage token, cookies, host, client X-Amz-* and hop-by-hop headers before signing', async () => {
    const echo = await echoVia('apigw', CLIENT_HEADERS);
    const sent = echo.headers;
    expect(sent.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAAWSBRIDGEDEMO001\//,
    );
    expect(JSON.stringify(sent)).not.toContain('backstage-session');
    expect(JSON.stringify(sent)).not.toContain(USER_AUTH.split(' ')[1]);
    expect(sent.cookie).toBeUndefined();
    expect(sent.host).toBe(new URL(setup.emulator.url).host);
    expect(sent['x-amz-date']).not.toBe('20000101T000000Z');
    expect(sent['x-amz-security-token']).toBeUndefined();
    expect(sent['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(sent['x-amz-target']).toBeUndefined();
    expect(sent['x-amz-meta-owner']).toBeUndefined();
    expect(sent['x-forwarded-for']).toBeUndefined();
    expect(sent['x-custom']).toBeUndefined();
    expect(sent['proxy-authorization']).toBeUndefined();
    expect(sent.te).toBeUndefined();
  });

  it('forwards the default allowlist', async () => {
    const sent = (await echoVia('apigw', CLIENT_HEADERS)).headers;
    expect(sent.accept).toBe('application/json');
    expect(sent['accept-language']).toBe('en');
    expect(sent['if-none-match']).toBe('"v1"');
    expect(sent.range).toBe('bytes=0-10');
  });

  it("forwards a route's extra headers, but never the signature's own", async () => {
    const sent = (await echoVia('rpc', CLIENT_HEADERS)).headers;
    expect(sent['x-amz-target']).toBe('DynamoDB_20120810.DeleteTable');
    expect(sent['x-custom']).toBe('hello');
    expect(sent['x-amz-date']).not.toBe('20000101T000000Z');
    expect(sent.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('drops a header the Connection header names', async () => {
    const sent = (
      await echoVia('rpc', { ...CLIENT_HEADERS, connection: 'x-custom' })
    ).headers;
    expect(sent['x-custom']).toBeUndefined();
  });
});

describe('SigV4 proxy: response headers', () => {
  it('passes the default allowlist back and never Set-Cookie, auth challenges or Location', async () => {
    const response = await rawRequest(setup.backend.url, {
      path: '/api/aws/proxy/headers/x',
      headers: { authorization: USER_AUTH },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers.etag).toBe('"abc"');
    expect(response.headers['x-amzn-requestid']).toBe('req-1');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.headers['x-internal']).toBeUndefined();
    expect(response.headers['x-extra']).toBeUndefined();
    expect(response.headers.location).toBeUndefined();
  });

  it("passes a route's extra response headers, but Set-Cookie even then never", async () => {
    const response = await rawRequest(setup.backend.url, {
      path: '/api/aws/proxy/headers-extra/x',
      headers: { authorization: USER_AUTH },
    });
    expect(response.headers['x-extra']).toBe('wanted');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
