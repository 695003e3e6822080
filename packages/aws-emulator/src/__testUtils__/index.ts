import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import http from 'node:http';
import type { FixtureInput } from '../fixture/schema';

// Shared by the tests: a fixture, and requests signed by @smithy/signature-v4 (the signer the
// AWS SDK and our plugins use) sent over real HTTP so tests can tamper with them first.

export const PLATFORM_KEY = {
  accessKeyId: 'AKIATESTPLATFORM0001',
  secretAccessKey: 'test-secret-for-platform-backstage',
};
export const INTRUDER_KEY = {
  accessKeyId: 'AKIATESTINTRUDER0001',
  secretAccessKey: 'test-secret-for-the-intruder-user',
};
export const EXPIRED_SESSION = {
  accessKeyId: 'ASIATESTEXPIRED00001',
  secretAccessKey: 'test-secret-for-an-expired-session',
  sessionToken: 'test-expired-session-token',
};
export const READ_ONLY_ROLE = 'arn:aws:iam::111111111111:role/ReadOnly';
export const LOCKED_ROLE = 'arn:aws:iam::111111111111:role/Locked';
export const WEB_IDENTITY_ROLE = 'arn:aws:iam::999999999999:role/WebIdentity';
export const EXTERNAL_ID = 'test-external-id';

/** 230 resources in us-east-1 (more than two pages of 100) and 3 in eu-west-1. */
function manyResources() {
  const resources = [];
  for (let i = 0; i < 230; i++) {
    const n = String(i).padStart(3, '0');
    const kind = i % 3;
    const arns = [
      `arn:aws:lambda:us-east-1:111111111111:function:fn-${n}`,
      `arn:aws:dynamodb:us-east-1:111111111111:table/table-${n}`,
      `arn:aws:s3:::bucket-${n}`,
    ];
    resources.push({
      arn: arns[kind],
      // S3 bucket ARNs have no region.
      ...(kind === 2 ? { region: 'us-east-1' } : {}),
      tags: { app: i % 2 ? 'orders' : 'payments', index: n },
    });
  }
  for (let i = 0; i < 3; i++) {
    resources.push({
      arn: `arn:aws:lambda:eu-west-1:111111111111:function:eu-fn-${i}`,
      tags: { app: 'payments', index: `eu-${i}` },
    });
  }
  return resources;
}

export const TEST_FIXTURE: FixtureInput = {
  accounts: [
    {
      id: '999999999999',
      alias: 'test-platform',
      users: [
        { name: 'backstage', accessKeys: [{ ...PLATFORM_KEY }] },
        { name: 'intruder', accessKeys: [{ ...INTRUDER_KEY }] },
        {
          name: 'expired',
          accessKeys: [
            { ...EXPIRED_SESSION, expiration: '2020-01-01T00:00:00Z' },
          ],
        },
      ],
      roles: [
        {
          name: 'WebIdentity',
          trust: {
            webIdentity: {
              issuer: 'https://oidc.test',
              audience: 'sts.amazonaws.com',
            },
          },
        },
      ],
    },
    {
      id: '111111111111',
      alias: 'test-payments',
      roles: [
        {
          name: 'ReadOnly',
          trust: {
            principals: ['arn:aws:iam::999999999999:user/backstage'],
            externalId: EXTERNAL_ID,
          },
        },
        { name: 'Locked' },
      ],
      resources: manyResources(),
    },
    { id: '222222222222' },
  ],
};

/** Percent-encodes as the AWS SDK does (RFC 3986: also `!'()*`). */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface TestRequest {
  method: string;
  /** The path as sent on the wire (already percent-encoded). */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface SignOptions {
  service?: string;
  region?: string;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  signingDate?: Date;
  /** Whether the signer adds `x-amz-content-sha256` (default true, as the signer's own default). */
  applyChecksum?: boolean;
  /** Presign (signature in the query) instead of an Authorization header. */
  presignExpiresIn?: number;
}

/** Signs a request to the emulator at `url` with @smithy/signature-v4. */
export async function signRequest(
  url: string,
  request: Partial<TestRequest> & { path: string },
  options: SignOptions = {},
): Promise<TestRequest> {
  const { host } = new URL(url);
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? PLATFORM_KEY,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: options.applyChecksum ?? true,
  });
  const unsigned = {
    method: request.method ?? 'GET',
    protocol: 'http:',
    hostname: host.split(':')[0],
    port: Number(host.split(':')[1]),
    path: request.path,
    query: request.query ?? {},
    headers: { host, ...request.headers },
    body: request.body,
  };
  const signed =
    options.presignExpiresIn !== undefined
      ? await signer.presign(unsigned, {
          expiresIn: options.presignExpiresIn,
          signingDate: options.signingDate,
        })
      : await signer.sign(unsigned, { signingDate: options.signingDate });
  return {
    method: signed.method,
    path: signed.path,
    query: signed.query as TestRequest['query'],
    headers: signed.headers as Record<string, string>,
    body: request.body,
  };
}

export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any;
}

/** Sends a request over HTTP exactly as given (no headers added, path not re-encoded). */
export function send(url: string, request: TestRequest): Promise<TestResponse> {
  const query = Object.entries(request.query)
    .flatMap(([key, values]) =>
      [values].flat().map(value => `${escapeUri(key)}=${escapeUri(value)}`),
    )
    .join('&');
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${request.path}${query ? `?${query}` : ''}`,
      { method: request.method, headers: request.headers },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Session credentials for READ_ONLY_ROLE, from the emulator at `url`, via the SDK's STS client. */
export async function assumeReadOnly(
  url: string,
  sessionName = 'test-session',
) {
  const sts = new STSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { ...PLATFORM_KEY },
    maxAttempts: 1,
  });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: READ_ONLY_ROLE,
      RoleSessionName: sessionName,
      ExternalId: EXTERNAL_ID,
    }),
  );
  return {
    accessKeyId: c!.AccessKeyId!,
    secretAccessKey: c!.SecretAccessKey!,
    sessionToken: c!.SessionToken!,
    expiration: c!.Expiration!,
  };
}

/**
 * In a describe block whose tests set AWS_ENDPOINT_URL_* (read by SDK clients made without an
 * endpoint): puts the environment back after each test, so no other test's client follows it.
 */
export function restoreEnvAfterEach() {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
}
