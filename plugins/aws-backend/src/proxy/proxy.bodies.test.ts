import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  apigwRoute,
  Echo,
  rawRequest,
  USER_AUTH,
  useBackendOnEmulator,
  s3Route,
} from '../__testUtils__';

// Bodies of every kind go through signed, byte for byte: the emulator recomputes the payload
// hash and the signature over what it received.

const env = useBackendOnEmulator(url => ({
  '/apigw': apigwRoute(url),
  '/s3': s3Route(url),
  '/small': { ...apigwRoute(url), maxRequestBodySize: '1kb' },
}));

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

async function post(contentType: string, body: Buffer | string) {
  const response = await request(env.backend.server)
    .post('/api/aws/proxy/apigw/items')
    .set('Authorization', USER_AUTH)
    .set('Content-Type', contentType)
    .send(body);
  expect(response.status).toBe(200);
  return response.body as Echo;
}

describe('SigV4 proxy: request bodies', () => {
  it('forwards JSON exactly as sent, not re-serialised', async () => {
    const json = '{ "b": 1,   "a": [1, 2.50, "x"] }';
    const echo = await post('application/json', json);
    expect(echo.method).toBe('POST');
    expect(echo.path).toBe('/prod/items');
    expect(echo.bodyLength).toBe(Buffer.byteLength(json));
    expect(echo.bodySha256).toBe(sha256(json));
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.caller).toBe('arn:aws:iam::999999999999:user/backstage');
    expect(echo.service).toBe('execute-api');
  });

  it('forwards a form body', async () => {
    const form = 'Action=Describe&Name=a%20b&Tag=x%2By';
    const echo = await post('application/x-www-form-urlencoded', form);
    expect(echo.bodySha256).toBe(sha256(form));
  });

  it('forwards a text body', async () => {
    const text = 'line one\nline two ✓\n';
    const echo = await post('text/plain; charset=utf-8', text);
    expect(echo.bodySha256).toBe(sha256(text));
  });

  it('forwards a binary body byte for byte', async () => {
    const binary = randomBytes(4096);
    const echo = await post('application/octet-stream', binary);
    expect(echo.bodyLength).toBe(4096);
    expect(echo.bodySha256).toBe(sha256(binary));
  });

  it('forwards a body over 100 KiB', async () => {
    const big = randomBytes(300 * 1024);
    const echo = await post('application/octet-stream', big);
    expect(echo.bodyLength).toBe(big.length);
    expect(echo.bodySha256).toBe(sha256(big));
  });

  it('forwards an empty POST as an empty body, and a GET with none', async () => {
    const echo = await post('application/json', '');
    expect(echo.bodyLength).toBe(0);
    expect(echo.headers['content-length']).toBe('0');
    const get = await request(env.backend.server)
      .get('/api/aws/proxy/apigw/items')
      .set('Authorization', USER_AUTH);
    expect(get.status).toBe(200);
    expect(get.body.bodyLength).toBe(0);
    expect(get.body.headers['content-length']).toBeUndefined();
  });

  it('forwards a chunked body (no content-length)', async () => {
    const chunks = ['part one, ', 'part two'];
    const response = await rawRequest(env.backend.url, {
      method: 'PUT',
      path: '/api/aws/proxy/apigw/items',
      headers: {
        authorization: USER_AUTH,
        'transfer-encoding': 'chunked',
        'content-type': 'text/plain',
      },
      body: chunks.join(''),
    });
    expect(response.status).toBe(200);
    const echo = JSON.parse(response.body.toString()) as Echo;
    expect(echo.bodySha256).toBe(sha256(chunks.join('')));
  });

  it('answers 413 for a body over the route limit, declared or chunked, without calling AWS', async () => {
    env.emulator.resetCalls();
    const declared = await request(env.backend.server)
      .post('/api/aws/proxy/small/items')
      .set('Authorization', USER_AUTH)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(1025));
    expect(declared.status).toBe(413);
    expect(declared.body.error.name).toBe('PayloadTooLargeError');
    expect(declared.body.error.message).toContain('1024 bytes');
    expect(declared.body.error.stack).toBeUndefined();

    const chunked = await rawRequest(env.backend.url, {
      method: 'POST',
      path: '/api/aws/proxy/small/items',
      headers: { authorization: USER_AUTH, 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(2048),
    });
    expect(chunked.status).toBe(413);
    expect(env.emulator.callCount('execute-api:echo')).toBe(0);

    const atLimit = await request(env.backend.server)
      .post('/api/aws/proxy/small/items')
      .set('Authorization', USER_AUTH)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(1024));
    expect(atLimit.status).toBe(200);
  });

  it('streams an S3 upload past the signed-body limit, as UNSIGNED-PAYLOAD', async () => {
    const upload = randomBytes(8 * 1024 * 1024);
    const response = await request(env.backend.server)
      .put('/api/aws/proxy/s3/reports/big.bin')
      .set('Authorization', USER_AUTH)
      .set('Content-Type', 'application/octet-stream')
      .send(upload);
    expect(response.status).toBe(200);
    const echo = response.body as Echo;
    expect(echo.service).toBe('s3');
    expect(echo.path).toBe('/bucket/reports/big.bin');
    expect(echo.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(echo.headers['content-length']).toBe(String(upload.length));
    expect(echo.bodySha256).toBe(sha256(upload));
  });
});
