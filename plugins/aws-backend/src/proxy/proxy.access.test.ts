import { gzipSync } from 'node:zlib';
import {
  apigwRoute,
  Echo,
  emulatorAccounts,
  rawRequest,
  useBackendOnEmulator,
  USER_AUTH,
} from '../__testUtils__';

// What a caller may pick (account, region) and send (method, operation) on each route. Every
// refusal must come before any call to AWS: the emulator counts every call it gets.

const apigw = apigwRoute;

const setup = useBackendOnEmulator(
  url => ({
    // Any account the credentials service knows, in two regions.
    '/any': { ...apigw(url), accounts: '*', regions: ['eu-west-1'] },
    // Two accounts only: 555555555555 is listed but has no credentials config.
    '/listed': { ...apigw(url), accounts: ['111111111111', '555555555555'] },
    // The region goes into the target, as in https://tagging.{region}.amazonaws.com.
    '/regional': {
      target: `${url}/{region}/api`,
      service: 'execute-api',
      regions: ['eu-west-1', 'ap-south-1'],
    },
    '/fixed': apigw(url),
    '/readonly': { ...apigw(url), allowedMethods: ['GET', 'head'] },
    '/tagging': {
      target: url,
      service: 'tagging',
      region: 'us-east-1',
      accounts: '*',
      allowedOperations: ['Get*'],
    },
    '/sts': {
      target: url,
      service: 'sts',
      region: 'us-east-1',
      accounts: '*',
      allowedOperations: ['GetCallerIdentity'],
    },
    '/iam': {
      target: url,
      service: 'iam',
      region: 'us-east-1',
      allowedOperations: ['ListAccountAliases', 'GetUser'],
    },
  }),
  emulatorAccounts,
);

async function call(
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  } = {},
) {
  const response = await rawRequest(setup.backend.url, {
    method: options.method,
    path: `/api/aws/proxy${path}`,
    headers: {
      authorization: USER_AUTH,
      // Node sends a DELETE's body without chunking or a length unless given one.
      ...(options.body !== undefined
        ? { 'content-length': String(Buffer.byteLength(options.body)) }
        : {}),
      ...options.headers,
    },
    body: options.body,
  });
  const text = response.body.toString('utf8');
  return {
    status: response.status,
    text,
    json: () => JSON.parse(text),
  };
}

const pick = (account?: string, region?: string) => ({
  ...(account ? { 'x-aws-bridge-account': account } : {}),
  ...(region ? { 'x-aws-bridge-region': region } : {}),
});

/** The emulator's calls of one API (e.g. `execute-api:echo`) since the test began. */
const callsOf = (api: string) => setup.emulator.calls()[api] ?? 0;

beforeEach(() => setup.emulator.resetCalls());

describe('SigV4 proxy: picking the account', () => {
  it("signs with the route's own account when the caller picks none", async () => {
    const res = await call('/any/x');
    expect(res.status).toBe(200);
    expect((res.json() as Echo).caller).toBe(
      'arn:aws:iam::999999999999:user/backstage',
    );
  });

  it('signs with the account the caller picks, through its role', async () => {
    const res = await call('/any/x', { headers: pick('111111111111') });
    expect(res.status).toBe(200);
    expect((res.json() as Echo).caller).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/BackstageReadOnly\//,
    );
    const other = await call('/any/x', { headers: pick('222222222222') });
    expect((other.json() as Echo).caller).toMatch(
      /^arn:aws:sts::222222222222:assumed-role\/BackstageReadOnly\//,
    );
  });

  it('answers GetCallerIdentity for the picked account (query API, Action in a form body)', async () => {
    const res = await call('/sts/', {
      method: 'POST',
      headers: {
        ...pick('222222222222'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Account>222222222222</Account>');
  });

  it('refuses an account the credentials service does not know with a 400 naming it', async () => {
    const res = await call('/any/x', { headers: pick('444444444444') });
    expect(res.status).toBe(400);
    expect(res.json().error.message).toBe(
      "AWS proxy route '/any' cannot sign for account 444444444444: this Backstage has no AWS credentials for it",
    );
    expect(res.json().error.reason).toBe('account-not-configured');
    expect(callsOf('execute-api:echo')).toBe(0);
  });

  it('refuses an account listed on the route but not configured with a 400', async () => {
    const res = await call('/listed/x', { headers: pick('555555555555') });
    expect(res.status).toBe(400);
    expect(res.json().error.message).toBe(
      "AWS proxy route '/listed' cannot sign for account 555555555555: this Backstage has no AWS credentials for it",
    );
    expect(callsOf('execute-api:echo')).toBe(0);
  });

  it("refuses a known account the route's accounts list leaves out with a 403 naming the account, not the list", async () => {
    const res = await call('/listed/x', { headers: pick('222222222222') });
    expect(res.status).toBe(403);
    expect(res.json().error).toEqual({
      name: 'NotAllowedError',
      message:
        "AWS proxy route '/listed' may not be called for account 222222222222; an admin can see the route's settings on /aws-admin",
      reason: 'account-not-allowed',
    });
    expect(callsOf('execute-api:echo')).toBe(0);
    const allowed = await call('/listed/x', { headers: pick('111111111111') });
    expect(allowed.status).toBe(200);
  });

  it('refuses a malformed account ID, two account headers, and any pick on a route without accounts', async () => {
    const malformed = await call('/any/x', { headers: pick('12345') });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.message).toMatch(
      /'12345' in x-aws-bridge-account is not a 12-digit AWS account ID/,
    );
    expect(malformed.json().error.reason).toBeUndefined();
    const twice = await call('/any/x', {
      headers: { 'x-aws-bridge-account': ['111111111111', '222222222222'] },
    });
    expect(twice.status).toBe(400);
    const fixed = await call('/fixed/x', { headers: pick('111111111111') });
    expect(fixed.status).toBe(400);
    expect(fixed.json().error.message).toBe(
      "AWS proxy route '/fixed' does not let callers pick the account (x-aws-bridge-account); an admin can see the route's settings on /aws-admin",
    );
    expect(fixed.json().error.reason).toBe('account-not-allowed');
    expect(callsOf('execute-api:echo')).toBe(0);
  });
});

describe('SigV4 proxy: picking the region', () => {
  it("signs for the route's region, or the one the caller picks from regions", async () => {
    const own = await call('/any/x');
    expect((own.json() as Echo).region).toBe('us-east-1');
    const picked = await call('/any/x', {
      headers: pick('111111111111', 'eu-west-1'),
    });
    expect(picked.status).toBe(200);
    expect((picked.json() as Echo).region).toBe('eu-west-1');
    expect((picked.json() as Echo).caller).toMatch(/111111111111/);
  });

  it('puts the region into a target with {region}; the first listed is the default', async () => {
    const own = await call('/regional/x');
    expect(own.json()).toMatchObject({
      path: '/eu-west-1/api/x',
      region: 'eu-west-1',
    });
    const picked = await call('/regional/x', {
      headers: pick(undefined, 'ap-south-1'),
    });
    expect(picked.json()).toMatchObject({
      path: '/ap-south-1/api/x',
      region: 'ap-south-1',
    });
  });

  it('refuses a region the route does not list, or any region on a route without regions, with a 400 naming it', async () => {
    const unknown = await call('/any/x', {
      headers: pick(undefined, 'ap-south-1'),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json().error.message).toBe(
      "Region 'ap-south-1' is not one AWS proxy route '/any' serves; an admin can see the route's settings on /aws-admin",
    );
    expect(unknown.json().error.reason).toBe('region-not-allowed');
    const fixed = await call('/fixed/x', {
      headers: pick(undefined, 'eu-west-1'),
    });
    expect(fixed.status).toBe(400);
    expect(fixed.json().error.message).toMatch(
      /does not let callers pick the region/,
    );
    expect(fixed.json().error.reason).toBe('region-not-allowed');
    expect(callsOf('execute-api:echo')).toBe(0);
  });
});

describe('SigV4 proxy: allowedMethods', () => {
  it('forwards the listed methods and refuses others with a 403 naming the method', async () => {
    expect((await call('/readonly/x')).status).toBe(200);
    expect((await call('/readonly/x', { method: 'HEAD' })).status).toBe(200);
    expect(callsOf('execute-api:echo')).toBe(2);
    for (const method of ['POST', 'DELETE', 'PUT']) {
      const res = await call('/readonly/x', { method, body: '{}' });
      expect(res.status).toBe(403);
      expect(res.json().error).toEqual({
        name: 'NotAllowedError',
        message: `Method ${method} is not allowed on AWS proxy route '/readonly'; an admin can see the route's settings on /aws-admin`,
        reason: 'method-not-allowed',
      });
    }
    expect(callsOf('execute-api:echo')).toBe(2);
  });
});

describe('SigV4 proxy: allowedOperations', () => {
  const tagging = (operation: string | string[]) => ({
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': operation,
    },
    body: '{}',
  });

  it('forwards a listed X-Amz-Target (a prefix wildcard) and refuses others with a 403 naming the operation', async () => {
    const allowed = await call(
      '/tagging/',
      tagging('ResourceGroupsTaggingAPI_20170126.GetResources'),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.json()).toHaveProperty('ResourceTagMappingList');

    const refused = await call(
      '/tagging/',
      tagging('ResourceGroupsTaggingAPI_20170126.TagResources'),
    );
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toBe(
      "Operation 'ResourceGroupsTaggingAPI_20170126.TagResources' is not allowed on AWS proxy route '/tagging'; an admin can see the route's settings on /aws-admin",
    );
    expect(callsOf('tagging:GetResources')).toBe(1);
    expect(callsOf('tagging:TagResources')).toBe(0);
  });

  it('refuses a request that names no operation, and two X-Amz-Target headers', async () => {
    const none = await call('/tagging/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(none.status).toBe(403);
    expect(none.json().error.message).toMatch(
      /only forwards requests that name an operation/,
    );
    const twice = await call(
      '/tagging/',
      tagging([
        'ResourceGroupsTaggingAPI_20170126.GetResources',
        'ResourceGroupsTaggingAPI_20170126.TagResources',
      ]),
    );
    expect(twice.status).toBe(403);
    expect(setup.emulator.calls()).toEqual({});
  });

  it('checks Action in the query string and in a form body', async () => {
    const query = await call(
      '/iam/?Action=ListAccountAliases&Version=2010-05-08',
    );
    expect(query.status).toBe(200);
    expect(query.text).toContain('<ListAccountAliasesResponse');
    const form = await call('/iam/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListAccountAliases&Version=2010-05-08',
    });
    expect(form.status).toBe(200);
    expect(callsOf('iam:ListAccountAliases')).toBe(2);

    const refusedQuery = await call('/iam/?Action=CreateUser&UserName=x');
    expect(refusedQuery.status).toBe(403);
    expect(refusedQuery.json().error.message).toBe(
      "Operation 'CreateUser' is not allowed on AWS proxy route '/iam'; an admin can see the route's settings on /aws-admin",
    );
    const refusedForm = await call('/iam/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: 'Version=2010-05-08&Action=DeleteUser&UserName=x',
    });
    expect(refusedForm.status).toBe(403);
    expect(callsOf('iam:ListAccountAliases')).toBe(2);
    expect(Object.keys(setup.emulator.calls())).toEqual([
      'iam:ListAccountAliases',
    ]);
  });

  it('cannot be passed by an allowed Action in the query beside a refused one in the body, a mislabelled form, or a lower-case name', async () => {
    const attempts = [
      {
        path: '/iam/?Action=ListAccountAliases',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DeleteUser&UserName=x',
      },
      {
        path: '/iam/?Action=ListAccountAliases',
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'Action=DeleteUser&UserName=x',
      },
      { path: '/iam/?Action=ListAccountAliases&action=DeleteUser' },
      { path: '/iam/?Action=ListAccountAliases&Action=DeleteUser' },
    ];
    for (const { path, ...options } of attempts) {
      const res = await call(path, options);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.json().error.message).toMatch(/Operation 'DeleteUser'/);
    }
    expect(setup.emulator.calls()).toEqual({});
  });

  it('reads the body by its media type alone and refuses one it cannot read: a form labelled charset=json, a JSON type on a form, two types, an encoded body, another charset, an RPC v2 path', async () => {
    const assumeRole =
      'Action=AssumeRole&Version=2011-06-15&RoleSessionName=x&ExternalId=aws-bridge-demo&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FBackstageReadOnly';
    const form = 'application/x-www-form-urlencoded';
    const allowedInQuery = '/sts/?Action=GetCallerIdentity&Version=2011-06-15';
    const attempts = [
      // The outside review's attack: the old check skipped any type containing "json".
      {
        path: allowedInQuery,
        type: `${form}; charset=json`,
        body: assumeRole,
        reason: /charset 'json'/,
      },
      {
        path: allowedInQuery,
        type: 'application/json',
        body: assumeRole,
        reason: /not the JSON its type \(application\/json\) says/,
      },
      {
        path: allowedInQuery,
        type: ['application/json', form],
        body: assumeRole,
        reason: /Content-Type is not one media type/,
      },
      {
        path: allowedInQuery,
        type: form,
        encoding: 'gzip',
        body: gzipSync(assumeRole),
        reason: /Content-Encoding 'gzip'/,
      },
      {
        path: allowedInQuery,
        type: `${form}; charset=utf-16le`,
        body: Buffer.from(assumeRole, 'utf16le'),
        reason: /charset 'utf-16le'/,
      },
      {
        path: '/sts/service/AWSSecurityTokenServiceV20110615/operation/AssumeRole?Action=GetCallerIdentity',
        type: 'application/cbor',
        body: Buffer.from([0xa0]),
        reason: /Operation 'AssumeRole'/,
      },
    ];
    for (const { path, type, encoding, body, reason } of attempts) {
      const res = await call(path, {
        method: 'POST',
        headers: {
          'content-type': type,
          ...(encoding ? { 'content-encoding': encoding } : {}),
          ...pick('111111111111'),
        },
        body,
      });
      expect({ type, status: res.status }).toEqual({ type, status: 403 });
      expect(res.json().error.message).toMatch(reason);
    }
    expect(setup.emulator.calls()).toEqual({});

    // What a client sends in earnest still passes: a quoted, upper-case UTF-8 charset.
    const ok = await call('/sts/', {
      method: 'POST',
      headers: { 'content-type': `${form}; charset="UTF-8"` },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(ok.status).toBe(200);
    expect(callsOf('sts:GetCallerIdentity')).toBe(1);
  });
});

describe('SigV4 proxy: what a refusal tells the caller', () => {
  /**
   * What only an admin may learn from this backend: the other routes, the accounts and regions
   * routes allow, the methods and operations they allow, and where they connect.
   */
  const CONFIGURATION = [
    '/regional',
    '/readonly',
    '/sts',
    '111111111111',
    '555555555555',
    '999999999999',
    'eu-west-1',
    'ap-south-1',
    'GetCallerIdentity',
    'ListAccountAliases',
    'Get*',
    'HEAD',
    '127.0.0.1',
    'aws.proxy.routes',
  ];

  it.each([
    ['an unknown route', '/nope/x', {}, 404],
    ['an unknown account', '/any/x', { headers: pick('444444444444') }, 400],
    [
      'an account the route leaves out',
      '/listed/x',
      { headers: pick('222222222222') },
      403,
    ],
    ['a picked account', '/fixed/x', { headers: pick('222222222222') }, 400],
    [
      'an unlisted region',
      '/any/x',
      { headers: pick(undefined, 'us-west-2') },
      400,
    ],
    ['a method', '/readonly/x', { method: 'DELETE', body: '{}' }, 403],
    [
      'an operation',
      '/tagging/',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.TagResources',
        },
        body: '{}',
      },
      403,
    ],
  ])(
    'names only what was asked for: %s',
    async (_what, path, options, status) => {
      const res = await call(path, options);
      expect(res.status).toBe(status);
      // The route asked for may be named; nothing else of the configuration.
      for (const secret of CONFIGURATION.filter(c => !path.startsWith(c))) {
        expect({ secret, body: res.text }).not.toEqual(
          expect.objectContaining({ body: expect.stringContaining(secret) }),
        );
      }
      expect(setup.emulator.calls()).toEqual({});
    },
  );
});
