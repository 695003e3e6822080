import { ConfigReader } from '@backstage/config';
import type { JsonObject, JsonValue } from '@backstage/types';
import { inferSigningScope } from './inferService';
import { readProxyConfig } from './readProxyConfig';

function read(data: JsonObject) {
  return readProxyConfig(new ConfigReader(data));
}

function routes(routeMap: JsonObject) {
  return read({ aws: { proxy: { routes: routeMap } } }).routes;
}

describe('inferSigningScope', () => {
  it.each([
    ['abc123.execute-api.us-east-1.amazonaws.com', 'execute-api', 'us-east-1'],
    [
      'abc123.execute-api.cn-north-1.amazonaws.com.cn',
      'execute-api',
      'cn-north-1',
    ],
    ['search-logs-abc.eu-west-1.es.amazonaws.com', 'es', 'eu-west-1'],
    ['vpc-logs-abc.us-gov-west-1.es.amazonaws.com', 'es', 'us-gov-west-1'],
    ['abc.us-east-2.aoss.amazonaws.com', 'aoss', 'us-east-2'],
    ['my-bucket.s3.eu-central-1.amazonaws.com', 's3', 'eu-central-1'],
    ['s3.eu-central-1.amazonaws.com', 's3', 'eu-central-1'],
    ['my-bucket.s3-us-west-2.amazonaws.com', 's3', 'us-west-2'],
    ['s3.dualstack.ap-south-1.amazonaws.com', 's3', 'ap-south-1'],
    ['my.dotted.bucket.s3.us-east-1.amazonaws.com', 's3', 'us-east-1'],
    ['my-bucket.s3.amazonaws.com', 's3', 'us-east-1'],
    ['s3.amazonaws.com', 's3', 'us-east-1'],
    ['abcdefgh.lambda-url.us-east-1.on.aws', 'lambda', 'us-east-1'],
    ['dynamodb.us-east-1.amazonaws.com', 'dynamodb', 'us-east-1'],
    ['tagging.eu-west-1.amazonaws.com', 'tagging', 'eu-west-1'],
    ['runtime.sagemaker.us-east-1.amazonaws.com', 'sagemaker', 'us-east-1'],
    ['ABC.EXECUTE-API.US-EAST-1.AMAZONAWS.COM', 'execute-api', 'us-east-1'],
  ])('reads %s as %s in %s', (host, service, region) => {
    expect(inferSigningScope(host)).toEqual({ service, region });
  });

  it.each([
    'api.example.com',
    'localhost',
    '127.0.0.1',
    'execute-api.us-east-1.amazonaws.com.evil.example',
    'amazonaws.com',
    'iam.amazonaws.com',
  ])('says nothing about %s', host => {
    expect(inferSigningScope(host)).toEqual({});
  });
});

describe('AWS region names (the shape aws-common defines)', () => {
  it('infers the service and region from a host in eusc-de-east-1', () => {
    expect(
      inferSigningScope('xyz.execute-api.eusc-de-east-1.amazonaws.com'),
    ).toEqual({ service: 'execute-api', region: 'eusc-de-east-1' });
  });

  it('reads a route in eusc-de-east-1 with a {region} target', () => {
    const [route] = routes({
      '/tagging': {
        target: 'https://tagging.{region}.amazonaws.com',
        region: 'eusc-de-east-1',
      },
    });
    expect(route.region).toBe('eusc-de-east-1');
    expect(route.service).toBe('tagging');
    expect(route.target.host).toBe('tagging.eusc-de-east-1.amazonaws.com');
  });

  it('reads eusc-de-east-1 in a regions list', () => {
    const [route] = routes({
      '/tagging': {
        target: 'https://tagging.{region}.amazonaws.com',
        regions: ['eu-west-1', 'eusc-de-east-1'],
      },
    });
    expect([...route.targets.keys()]).toEqual(['eu-west-1', 'eusc-de-east-1']);
  });
});

describe('readProxyConfig', () => {
  it('reads the short form with everything inferred, closed by default', () => {
    const [route] = routes({
      '/apigw': 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/',
    });
    expect(route).toMatchObject({
      name: 'apigw',
      configKey: 'aws.proxy.routes./apigw',
      target: {
        protocol: 'https:',
        hostname: 'abc.execute-api.eu-west-1.amazonaws.com',
        host: 'abc.execute-api.eu-west-1.amazonaws.com',
        pathPrefix: '/prod',
      },
      service: 'execute-api',
      region: 'eu-west-1',
      credentials: { kind: 'account', accountId: undefined },
      timeoutMs: 30_000,
      maxRequestBodyBytes: 5 * 1024 * 1024,
      unsignedPayload: false,
      allowUnauthenticatedRequests: false,
    });
  });

  it('reads the expanded form, where set values win over inferred ones', () => {
    const [search, s3] = routes({
      'team/search': {
        target: 'https://search.internal.example.com:8443',
        service: 'es',
        region: 'eu-west-1',
        accountId: '111111111111',
        timeout: '2m',
        maxRequestBodySize: '512kb',
        allowedRequestHeaders: ['x-amz-target'],
        allowUnauthenticatedRequests: true,
      },
      '/files': {
        target: 'https://my-bucket.s3.us-east-1.amazonaws.com',
        region: 'us-west-2',
        roleArn: 'arn:aws:iam::222222222222:role/Files',
        externalId: 'x',
        timeout: 1500,
      },
    });
    expect(search).toMatchObject({
      name: 'team/search',
      target: { host: 'search.internal.example.com:8443', port: '8443' },
      service: 'es',
      credentials: { kind: 'account', accountId: '111111111111' },
      timeoutMs: 120_000,
      maxRequestBodyBytes: 512 * 1024,
      allowUnauthenticatedRequests: true,
    });
    expect(s3).toMatchObject({
      service: 's3',
      region: 'us-west-2',
      unsignedPayload: true,
      timeoutMs: 1500,
      credentials: {
        kind: 'role',
        roleArn: 'arn:aws:iam::222222222222:role/Files',
        roleSessionName: 'backstage',
        externalId: 'x',
      },
    });
  });

  it("reads Segment's proxysigv4 block, its flag an option and not a route", () => {
    const config = read({
      proxysigv4: {
        allowUnauthenticatedRequests: true,
        '/legacy': 'https://abc.execute-api.us-east-1.amazonaws.com/prod',
        '/legacy-role': {
          target: 'https://abc.execute-api.us-east-1.amazonaws.com',
          roleArn: 'arn:aws:iam::111111111111:role/x',
          roleSessionName: 'tempAssumeRoleSession',
        },
      },
    });
    expect(
      config.routes.map(r => [r.name, r.allowUnauthenticatedRequests]),
    ).toEqual([
      ['legacy', true],
      ['legacy-role', true],
    ]);
    expect(config.allowUnauthenticatedRequests).toBe(false);
  });

  it('reads access rules, and one target per region from a target with {region}', () => {
    const [route] = routes({
      '/tagging': {
        target: 'https://tagging.{region}.amazonaws.com',
        regions: ['eu-west-1', 'us-east-1'],
        accounts: '*',
        allowedMethods: ['post'],
        allowedOperations: ['GetResources', 'GetTag*'],
        healthCheckPath: '/ping',
      },
    });
    expect(route.service).toBe('tagging');
    expect(route.region).toBe('eu-west-1');
    expect(route.target.host).toBe('tagging.eu-west-1.amazonaws.com');
    expect(
      [...route.targets].map(([region, target]) => [region, target.host]),
    ).toEqual([
      ['eu-west-1', 'tagging.eu-west-1.amazonaws.com'],
      ['us-east-1', 'tagging.us-east-1.amazonaws.com'],
    ]);
    expect(route.access).toEqual({
      allowedMethods: new Set(['POST']),
      allowedOperations: ['GetResources', 'GetTag*'],
      selectableAccounts: '*',
      selectableRegions: ['eu-west-1', 'us-east-1'],
    });
    expect(route.healthCheckPath).toBe('/ping');
    // The operation check reads X-Amz-Target, so the route forwards it.
    expect(
      route.headers.requestHeaders(['X-Amz-Target', 'T.GetResources']),
    ).toEqual({ 'x-amz-target': 'T.GetResources' });
  });

  it('reads nothing when nothing is configured', () => {
    expect(read({})).toEqual({
      routes: [],
      allowUnauthenticatedRequests: false,
      healthCheckIntervalMs: 60_000,
      auditReads: true,
      maxBufferedBodyBytes: 100 * 1024 * 1024,
      permissionDecisionTtlMs: 5_000,
    });
  });

  it('reads maxConnections per route (default 64) and maxBufferedBodySize, which must hold any one body', () => {
    const config = read({
      aws: {
        proxy: {
          maxBufferedBodySize: '20mb',
          routes: {
            '/a': 'https://s3.amazonaws.com',
            '/b': { target: 'https://s3.amazonaws.com', maxConnections: 8 },
          },
        },
      },
    });
    expect(config.maxBufferedBodyBytes).toBe(20 * 1024 * 1024);
    expect(config.routes.map(r => r.maxConnections)).toEqual([64, 8]);
    expect(() =>
      read({
        aws: {
          proxy: {
            maxBufferedBodySize: '1mb',
            routes: {
              '/apigw': {
                target: 'https://abc.execute-api.us-east-1.amazonaws.com/prod',
              },
            },
          },
        },
      }),
    ).toThrow(
      'aws.proxy.routes./apigw.maxRequestBodySize: 5242880 bytes is more than aws.proxy.maxBufferedBodySize (1048576 bytes), which all bodies share',
    );
  });

  it('reads healthCheckInterval, refusing one under a second', () => {
    expect(
      read({ aws: { proxy: { healthCheckInterval: '5m' } } })
        .healthCheckIntervalMs,
    ).toBe(300_000);
    expect(() => read({ aws: { proxy: { healthCheckInterval: 10 } } })).toThrow(
      'aws.proxy.healthCheckInterval: must be a duration between 1 second and 1 day',
    );
  });

  it('reads permissionDecisionCacheTtl: 0 turns the cache off, more than 5 minutes is refused', () => {
    const ttl = (value: JsonValue) =>
      read({ aws: { proxy: { permissionDecisionCacheTtl: value } } })
        .permissionDecisionTtlMs;
    expect(ttl('30s')).toBe(30_000);
    expect(ttl({ seconds: 2 })).toBe(2_000);
    expect(ttl(0)).toBe(0);
    expect(ttl('0s')).toBe(0);
    for (const bad of ['10 minutes', -1, 'soon']) {
      expect(() => ttl(bad)).toThrow(
        'aws.proxy.permissionDecisionCacheTtl: must be a duration between 0 (off) and 5 minutes',
      );
    }
  });

  it.each([
    [
      { '/x': 'https://api.example.com' },
      'aws.proxy.routes./x: cannot tell the AWS service',
    ],
    [
      { '/x': { target: 'https://api.example.com', service: 'es' } },
      'aws.proxy.routes./x: cannot tell the AWS region',
    ],
    [
      { '/x': 'ftp://x.s3.amazonaws.com' },
      'aws.proxy.routes./x.target: must be an http or https URL',
    ],
    [
      { '/x': 'https://u:p@s3.amazonaws.com' },
      'aws.proxy.routes./x.target: must not contain credentials',
    ],
    [
      { '/x': 'https://s3.amazonaws.com/?a=1' },
      'aws.proxy.routes./x.target: must not have a query',
    ],
    [
      { '/x': 'https://s3.amazonaws.com/#a' },
      'aws.proxy.routes./x.target: must not have a query',
    ],
    [{ '/x': {} }, 'aws.proxy.routes./x: needs a target URL'],
    [{ '/x': 42 }, 'aws.proxy.routes./x: needs a target URL'],
    [
      { '/../x': 'https://s3.amazonaws.com' },
      "aws.proxy.routes./../x: '/../x' is not a route name",
    ],
    [{ '/a b': 'https://s3.amazonaws.com' }, 'is not a route name'],
    [{ '/': 'https://s3.amazonaws.com' }, 'is not a route name'],
    [
      { '/x': { target: 'https://s3.amazonaws.com', region: 'moon-1' } },
      "aws.proxy.routes./x.region: 'moon-1' is not an AWS region name",
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', service: 'S3 ' } },
      "aws.proxy.routes./x.service: 'S3' is not a SigV4 service name",
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', accountId: '123' } },
      "aws.proxy.routes./x.accountId: '123' is not a 12-digit AWS account ID",
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          roleArn: 'arn:aws:iam::1:user/x',
        },
      },
      'aws.proxy.routes./x.roleArn',
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          accountId: '111111111111',
          roleArn: 'arn:aws:iam::111111111111:role/x',
        },
      },
      'aws.proxy.routes./x: set accountId or roleArn, not both',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', externalId: 'e' } },
      'aws.proxy.routes./x: externalId needs roleArn',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', timeout: 'soon' } },
      'aws.proxy.routes./x.timeout',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', timeout: 0 } },
      'aws.proxy.routes./x.timeout: must be a duration',
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          maxRequestBodySize: 'lots',
        },
      },
      "aws.proxy.routes./x.maxRequestBodySize: 'lots' is not a size",
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          allowedRequestHeaders: ['bad header'],
        },
      },
      'aws.proxy.routes./x.allowedRequestHeaders: must be a list of header names',
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          allowUnauthenticatedRequests: 'yes',
        },
      },
      'aws.proxy.routes./x.allowUnauthenticatedRequests: must be true or false',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', tagret: 'typo' } },
      'aws.proxy.routes./x.tagret: unknown key',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', allowedMethods: [] } },
      'aws.proxy.routes./x.allowedMethods: must be a non-empty list of HTTP methods',
    ],
    [
      {
        '/x': { target: 'https://s3.amazonaws.com', allowedMethods: ['G T'] },
      },
      "aws.proxy.routes./x.allowedMethods: 'G T' is not an HTTP method",
    ],
    [
      {
        '/x': {
          target: 'https://sts.us-east-1.amazonaws.com',
          allowedOperations: ['Get Caller'],
        },
      },
      "aws.proxy.routes./x.allowedOperations: 'Get Caller' is not an operation name",
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          allowedOperations: ['GetObject'],
        },
      },
      'aws.proxy.routes./x.allowedOperations: applies to JSON-RPC (X-Amz-Target) and query (Action=) APIs; S3 is a REST API',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', accounts: 'all' } },
      "aws.proxy.routes./x.accounts: must be a non-empty list of 12-digit account IDs, or '*'",
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', accounts: ['1234'] } },
      "aws.proxy.routes./x.accounts: '1234' is not a 12-digit AWS account ID",
    ],
    [
      {
        '/x': {
          target: 'https://s3.amazonaws.com',
          accounts: '*',
          allowUnauthenticatedRequests: true,
        },
      },
      'aws.proxy.routes./x.accounts: an open route (allowUnauthenticatedRequests) may not let callers pick the account',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', regions: ['mars-1'] } },
      "aws.proxy.routes./x.regions: 'mars-1' is not an AWS region name",
    ],
    [
      {
        '/x': {
          target: 'https://tagging.us-east-1.amazonaws.com',
          regions: ['eu-west-1'],
        },
      },
      "aws.proxy.routes./x.regions: the target's host is in us-east-1; for a route that serves several regions, put {region} in the target",
    ],
    [
      { '/x': { target: 'https://tagging.{region}.amazonaws.com' } },
      'aws.proxy.routes./x: a target with {region} needs region',
    ],
    [
      {
        '/x': {
          target: 'https://tagging.{region}.amazonaws.com',
          region: 'us-east-1/x',
        },
      },
      "aws.proxy.routes./x.region: 'us-east-1/x' is not an AWS region name",
    ],
    [
      {
        '/x': { target: 'https://s3.amazonaws.com', healthCheckPath: 'ping' },
      },
      'aws.proxy.routes./x.healthCheckPath: must be a path under the target starting with /',
    ],
    [
      { '/x': { target: 'https://s3.amazonaws.com', maxConnections: 0 } },
      'aws.proxy.routes./x.maxConnections: must be a whole number from 1 to 4096',
    ],
  ])('refuses %j naming the key', (routeMap, message) => {
    expect(() => routes(routeMap)).toThrow(message);
  });

  it.each([
    'https://admin:hunter2@s3.amazonaws.com:notaport/',
    'https://admin:hunt/er2@s3.amazonaws.com/',
    'https://admin:hunter2@s3 .amazonaws.com',
  ])('never quotes the password of a target that is not a URL (%#)', raw => {
    let message = '';
    try {
      routes({ '/x': raw });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^Invalid AWS proxy config at aws.proxy.routes.\/x.target: /,
    );
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('hunt/er2');
  });

  it('refuses the same route in both blocks, naming both', () => {
    expect(() =>
      read({
        aws: { proxy: { routes: { '/x': 'https://s3.amazonaws.com' } } },
        proxysigv4: { x: 'https://s3.amazonaws.com' },
      }),
    ).toThrow(
      "proxysigv4.x: route '/x' is also configured at aws.proxy.routes./x",
    );
  });

  it('refuses unknown keys and a non-boolean flag in aws.proxy', () => {
    expect(() => read({ aws: { proxy: { route: {} } } })).toThrow(
      'aws.proxy.route: unknown key',
    );
    expect(() =>
      read({ aws: { proxy: { allowUnauthenticatedRequests: 'true' } } }),
    ).toThrow('aws.proxy.allowUnauthenticatedRequests: must be true or false');
  });
});
