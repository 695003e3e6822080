import { createHash } from 'node:crypto';
import { startAwsEmulator, AwsEmulator } from '../server';
import {
  assumeReadOnly,
  EXPIRED_SESSION,
  INTRUDER_KEY,
  PLATFORM_KEY,
  send,
  signRequest,
  TEST_FIXTURE,
  TestRequest,
} from '../__testUtils__';

// Requests signed by @smithy/signature-v4, checked by the emulator's aws4-based verifier:
// the untouched request is accepted, each tampered part is refused with AWS's error.

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: TEST_FIXTURE });
});
afterAll(() => emulator.stop());

const baseRequest = {
  method: 'POST',
  path: '/prod/items/a%20b',
  query: { q: 'x y', tag: ['b', 'a'] },
  headers: { 'content-type': 'application/json', 'x-custom': 'original' },
  body: '{"hello":"world"}',
};

function expectSignatureMismatch(res: {
  status: number;
  headers: any;
  json(): any;
}) {
  expect(res.status).toBe(403);
  expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
  expect(res.json().message).toMatch(/signature we calculated does not match/);
}

describe('SigV4 header form', () => {
  it('accepts a signed request and echoes exactly what arrived', async () => {
    const signed = await signRequest(emulator.url, baseRequest);
    const res = await send(emulator.url, signed);
    expect(res.status).toBe(200);
    const echo = res.json();
    expect(echo).toMatchObject({
      method: 'POST',
      path: '/prod/items/a%20b',
      rawQuery: 'q=x%20y&tag=b&tag=a',
      bodyLength: 17,
      bodySha256: createHash('sha256').update(baseRequest.body).digest('hex'),
      service: 'execute-api',
      region: 'us-east-1',
      caller: 'arn:aws:iam::999999999999:user/backstage',
    });
    expect(echo.headers['x-custom']).toBe('original');
  });

  it.each<[string, (r: TestRequest) => TestRequest]>([
    ['method', r => ({ ...r, method: 'PUT' })],
    ['path', r => ({ ...r, path: '/prod/items/a%20c' })],
    ['query value', r => ({ ...r, query: { ...r.query, q: 'x z' } })],
    [
      'added query parameter',
      r => ({ ...r, query: { ...r.query, extra: '1' } }),
    ],
    [
      'signed header',
      r => ({ ...r, headers: { ...r.headers, 'x-custom': 'changed' } }),
    ],
    ['body', r => ({ ...r, body: '{"hello":"World"}' })],
  ])(
    'refuses a tampered %s with InvalidSignatureException',
    async (_, tamper) => {
      // No x-amz-content-sha256 header (as STS and IAM requests): the body hash is only in the
      // signature. With the header, a tampered body fails its own check (see below).
      const signed = await signRequest(emulator.url, baseRequest, {
        applyChecksum: false,
      });
      expect((await send(emulator.url, signed)).status).toBe(200);
      expectSignatureMismatch(await send(emulator.url, tamper(signed)));
    },
  );

  it('ignores an unsigned header added after signing, as AWS does', async () => {
    const signed = await signRequest(emulator.url, baseRequest);
    signed.headers['x-added-later'] = 'yes';
    expect((await send(emulator.url, signed)).status).toBe(200);
  });

  it('refuses a wrong secret key', async () => {
    const signed = await signRequest(emulator.url, baseRequest, {
      credentials: {
        ...PLATFORM_KEY,
        secretAccessKey: 'not-the-right-secret-key',
      },
    });
    expectSignatureMismatch(await send(emulator.url, signed));
  });

  it('refuses an unknown access key', async () => {
    const signed = await signRequest(emulator.url, baseRequest, {
      credentials: {
        accessKeyId: 'AKIANOTINTHEFIXTURE1',
        secretAccessKey: 'whatever-secret',
      },
    });
    const res = await send(emulator.url, signed);
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
    expect(res.json().message).toBe(
      'The security token included in the request is invalid.',
    );
  });

  it('refuses an expired session token with ExpiredTokenException', async () => {
    const signed = await signRequest(emulator.url, baseRequest, {
      credentials: EXPIRED_SESSION,
    });
    const res = await send(emulator.url, signed);
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('ExpiredTokenException');
  });

  it('accepts a session token in the X-Amz-Security-Token header', async () => {
    const { expiration, ...session } = await assumeReadOnly(emulator.url);
    const signed = await signRequest(emulator.url, baseRequest, {
      credentials: session,
    });
    expect(signed.headers['x-amz-security-token']).toBe(session.sessionToken);
    expect((await send(emulator.url, signed)).status).toBe(200);
  });

  it('refuses a temporary key with a wrong or missing session token', async () => {
    for (const sessionToken of ['not-the-token', undefined]) {
      const signed = await signRequest(emulator.url, baseRequest, {
        credentials: { ...EXPIRED_SESSION, sessionToken },
      });
      const res = await send(emulator.url, signed);
      expect(res.headers['x-amzn-errortype']).toBe(
        'UnrecognizedClientException',
      );
    }
  });

  it('refuses a signature dated more than 15 minutes off, either way', async () => {
    const past = await signRequest(emulator.url, baseRequest, {
      signingDate: new Date(Date.now() - 16 * 60 * 1000),
    });
    const pastRes = await send(emulator.url, past);
    expect(pastRes.status).toBe(403);
    expect(pastRes.json().message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );

    const future = await signRequest(emulator.url, baseRequest, {
      signingDate: new Date(Date.now() + 16 * 60 * 1000),
    });
    expect((await send(emulator.url, future)).json().message).toMatch(
      /^Signature not yet current/,
    );

    const withinLimit = await signRequest(emulator.url, baseRequest, {
      signingDate: new Date(Date.now() - 14 * 60 * 1000),
    });
    expect((await send(emulator.url, withinLimit)).status).toBe(200);
  });

  it('refuses an unsigned request', async () => {
    const res = await send(emulator.url, { ...baseRequest, headers: {} });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe(
      'MissingAuthenticationTokenException',
    );
  });

  it('refuses a malformed Authorization header without a crash', async () => {
    const res = await send(emulator.url, {
      ...baseRequest,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe(
      'IncompleteSignatureException',
    );
  });

  it("answers a malformed Authorization on an STS call in STS's XML format", async () => {
    const res = await send(emulator.url, {
      method: 'POST',
      path: '/',
      query: {},
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=garbage',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>IncompleteSignature<\/Code>/,
    );
  });
});

describe('x-amz-content-sha256', () => {
  it('accepts a matching payload hash and refuses a body that does not match it', async () => {
    const signed = await signRequest(emulator.url, baseRequest, {
      applyChecksum: true,
    });
    expect(signed.headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update(baseRequest.body).digest('hex'),
    );
    expect((await send(emulator.url, signed)).status).toBe(200);

    const res = await send(emulator.url, {
      ...signed,
      body: '{"hello":"tampered"}',
    });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('XAmzContentSHA256Mismatch');
  });

  it('accepts any body with UNSIGNED-PAYLOAD', async () => {
    const signed = await signRequest(emulator.url, {
      ...baseRequest,
      headers: {
        ...baseRequest.headers,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
    });
    const res = await send(emulator.url, {
      ...signed,
      body: 'a body nobody signed',
    });
    expect(res.status).toBe(200);
    expect(res.json().bodyLength).toBe(20);
  });
});

describe('SigV4 presigned query form', () => {
  const getRequest = {
    method: 'GET',
    path: '/prod/report',
    query: { id: '42' },
  };

  it('accepts a presigned URL, with and without a session token', async () => {
    const signed = await signRequest(emulator.url, getRequest, {
      presignExpiresIn: 300,
    });
    expect(signed.query['X-Amz-Signature']).toBeDefined();
    expect(signed.headers.authorization).toBeUndefined();
    expect((await send(emulator.url, signed)).status).toBe(200);

    const { expiration, ...session } = await assumeReadOnly(emulator.url);
    const withToken = await signRequest(emulator.url, getRequest, {
      presignExpiresIn: 300,
      credentials: session,
    });
    expect(withToken.query['X-Amz-Security-Token']).toBe(session.sessionToken);
    const res = await send(emulator.url, withToken);
    expect(res.status).toBe(200);
    expect(res.json().caller).toBe(
      'arn:aws:sts::111111111111:assumed-role/ReadOnly/test-session',
    );
  });

  it('refuses a tampered presigned URL', async () => {
    const signed = await signRequest(emulator.url, getRequest, {
      presignExpiresIn: 300,
    });
    expectSignatureMismatch(
      await send(emulator.url, {
        ...signed,
        query: { ...signed.query, id: '43' },
      }),
    );
  });

  it('refuses a presigned URL past its X-Amz-Expires', async () => {
    const signed = await signRequest(emulator.url, getRequest, {
      presignExpiresIn: 60,
      signingDate: new Date(Date.now() - 120 * 1000),
    });
    const res = await send(emulator.url, signed);
    expect(res.status).toBe(403);
    expect(res.json().message).toBe('Request has expired');
  });

  it('checks the session token it carries', async () => {
    const signed = await signRequest(emulator.url, getRequest, {
      presignExpiresIn: 300,
      credentials: EXPIRED_SESSION,
    });
    expect(signed.query['X-Amz-Security-Token']).toBe(
      EXPIRED_SESSION.sessionToken,
    );
    const res = await send(emulator.url, signed);
    expect(res.headers['x-amzn-errortype']).toBe('ExpiredTokenException');
  });
});

describe('the echo and stream endpoints', () => {
  it('reports the service and region of the signature scope', async () => {
    const signed = await signRequest(
      emulator.url,
      { path: '/_search' },
      { service: 'es', region: 'eu-west-1', credentials: INTRUDER_KEY },
    );
    expect((await send(emulator.url, signed)).json()).toMatchObject({
      service: 'es',
      region: 'eu-west-1',
      caller: 'arn:aws:iam::999999999999:user/intruder',
    });
  });

  it('streams the number of MiB asked for and counts the call', async () => {
    emulator.resetCalls();
    const signed = await signRequest(emulator.url, {
      path: '/prod/_stream/2',
      query: { delayMs: '1' },
    });
    const res = await send(emulator.url, signed);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(2 * 1024 * 1024));
    expect(Buffer.byteLength(res.text)).toBe(2 * 1024 * 1024);
    expect(emulator.calls()).toEqual({ 'execute-api:stream': 1 });
  });
});
