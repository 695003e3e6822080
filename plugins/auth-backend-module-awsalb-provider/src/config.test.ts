import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readAwsAlbProviderConfig } from './config';
import { ALB_ARN, ISSUER } from './__testUtils__';

const GOV_ARN =
  'arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188';
const EUSC_ARN =
  'arn:aws-eusc:elasticloadbalancing:eusc-de-east-1:123456789012:loadbalancer/app/backstage/50dc6c495c0c9188';
const US_EAST_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/0123456789abcdef';

const read = (data: JsonObject) =>
  readAwsAlbProviderConfig(
    new ConfigReader({ issuer: ISSUER, signer: ALB_ARN, ...data }),
  );

describe('readAwsAlbProviderConfig', () => {
  it('reads a minimal config with safe defaults', () => {
    const options = read({});
    expect(options).toMatchObject({
      issuer: ISSUER,
      signers: [ALB_ARN],
      publicKeyEndpoint: 'https://public-keys.auth.elb.eu-west-1.amazonaws.com',
      clockToleranceSeconds: 10,
      identityHeader: 'x-amzn-oidc-data',
      accessTokenHeader: 'x-amzn-oidc-accesstoken',
      maxHeaderBytes: 12288,
      idp: 'generic',
    });
    expect(options.clientIds).toBeUndefined();
    expect(options.accessToken).toBeUndefined();
    expect(options.sessionDurationSeconds).toBeUndefined();
    expect(options.signOut).toEqual({
      sessionCookieName: 'AWSELBAuthSessionCookie',
      logoutUrl: undefined,
    });
  });

  it('keeps a logout URL with its query, and a custom session cookie name', () => {
    const logoutUrl =
      'https://example.auth.us-east-1.amazoncognito.com/logout?client_id=abc&logout_uri=https%3A%2F%2Fbackstage.example.com%2F';
    expect(
      read({ logoutUrl, sessionCookieName: 'BackstageAlbSession' }).signOut,
    ).toEqual({ sessionCookieName: 'BackstageAlbSession', logoutUrl });
  });

  it.each([
    ['the signer', {}, 'https://public-keys.auth.elb.eu-west-1.amazonaws.com'],
    [
      'region',
      { region: 'ap-southeast-2' },
      'https://public-keys.auth.elb.ap-southeast-2.amazonaws.com',
    ],
    [
      'a GovCloud signer',
      { signer: GOV_ARN },
      'https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1',
    ],
    [
      'a GovCloud region',
      { region: 'us-gov-east-1' },
      'https://s3-us-gov-east-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-east-1',
    ],
    [
      'publicKeyEndpoint',
      { publicKeyEndpoint: 'http://127.0.0.1:8080/keys/' },
      'http://127.0.0.1:8080/keys',
    ],
    [
      'signers in two regions and region',
      {
        signer: undefined,
        signers: [ALB_ARN, US_EAST_ARN],
        region: 'us-east-1',
      },
      'https://public-keys.auth.elb.us-east-1.amazonaws.com',
    ],
    [
      'any signer and region',
      {
        signer: undefined,
        dangerouslyAllowAnySigner: true,
        region: 'eu-central-1',
      },
      'https://public-keys.auth.elb.eu-central-1.amazonaws.com',
    ],
  ])('takes the key endpoint from %s', (_name, data, endpoint) => {
    expect(read(data as JsonObject).publicKeyEndpoint).toBe(endpoint);
  });

  it('reads the rest of the keys', () => {
    const options = read({
      signer: undefined,
      signers: [ALB_ARN],
      clientId: ['a', 'b'],
      clockTolerance: '30s',
      sessionDuration: { hours: 8 },
      idp: 'entra',
      emailClaim: 'mail',
      identityHeader: 'X-ALB-Data',
      maxHeaderBytes: 8192,
      accessToken: { audience: 'api://backstage', requiredScopes: ['read'] },
    });
    expect(options).toMatchObject({
      signers: [ALB_ARN],
      clientIds: ['a', 'b'],
      clockToleranceSeconds: 30,
      sessionDurationSeconds: 8 * 3600,
      idp: 'entra',
      claims: { username: ['upn', 'preferred_username'], email: ['mail'] },
      identityHeader: 'x-alb-data',
      maxHeaderBytes: 8192,
      accessToken: {
        issuer: ISSUER,
        audiences: ['api://backstage'],
        requiredScopes: ['read'],
      },
    });
    expect(
      read({
        signer: undefined,
        dangerouslyAllowAnySigner: true,
        region: 'eu-west-1',
      }).signers,
    ).toBe('any');
  });

  // aws-common's one definition of a region, and the SDK's ARN parser: the European
  // Sovereign Cloud's names are taken like any other.
  it('takes a region and a signer in the European Sovereign Cloud', () => {
    expect(() => read({ region: 'eusc-de-east-1' })).not.toThrow();
    expect(read({ signer: EUSC_ARN }).signers).toEqual([EUSC_ARN]);
    expect(
      read({
        signer: undefined,
        signers: [EUSC_ARN, ALB_ARN],
        region: 'eusc-de-east-1',
      }).signers,
    ).toEqual([EUSC_ARN, ALB_ARN]);
  });

  it.each([
    ['another service', ALB_ARN.replace('elasticloadbalancing', 'ec2')],
    ['no region', ALB_ARN.replace('eu-west-1', '')],
    ['a region of another shape', ALB_ARN.replace('eu-west-1', 'EU-WEST-1')],
    ['an 11-digit account', ALB_ARN.replace('123456789012', '12345678901')],
    ['an unknown partition', ALB_ARN.replace('arn:aws:', 'arn:azure:')],
    ['a resource past the ID', `${ALB_ARN}:listener`],
    ['a target group', ALB_ARN.replace('loadbalancer/app/', 'targetgroup/')],
    ['too few fields', 'arn:aws:elasticloadbalancing:eu-west-1'],
  ])('refuses a signer ARN with %s', (_name, signer) => {
    expect(() => read({ signer })).toThrow(
      `Invalid ALB sign-in config at auth.providers.awsalb.signer: '${signer}' is not an Application Load Balancer ARN`,
    );
  });

  it('reads lists as it always has: one string is a list of one', () => {
    expect(read({ clientId: 'a' }).clientIds).toEqual(['a']);
    expect(read({ clientId: ['a', 'b'] }).clientIds).toEqual(['a', 'b']);
  });

  it('keeps a jwksUrl exactly as configured, trailing slash included', () => {
    const options = read({
      accessToken: { jwksUrl: 'https://idp.example/keys/' },
    });
    expect(options.accessToken?.jwksUrl).toBe('https://idp.example/keys/');
  });

  // Each mistake stops startup with a message naming its key.
  it.each([
    [{ issuer: undefined }, 'auth.providers.awsalb.issuer: is required'],
    [
      { issuer: '' },
      'auth.providers.awsalb.issuer: must be a non-empty string',
    ],
    [{ signer: undefined }, 'auth.providers.awsalb.signer: is required'],
    [
      { signer: 'arn:aws:iam::123456789012:role/x' },
      "auth.providers.awsalb.signer: 'arn:aws:iam::123456789012:role/x' is not an Application Load Balancer ARN",
    ],
    [
      { signer: ALB_ARN.replace('/app/', '/net/') },
      'auth.providers.awsalb.signer: ',
    ],
    [
      { signer: undefined, signers: [ALB_ARN, 'nope'] },
      "auth.providers.awsalb.signers[1]: 'nope' is not an Application Load Balancer ARN",
    ],
    [
      { signer: undefined, signers: [] },
      'auth.providers.awsalb.signers: must be a string or a non-empty list',
    ],
    [
      { signers: [ALB_ARN] },
      "auth.providers.awsalb.signers: set either 'signer' or 'signers', not both",
    ],
    [
      { dangerouslyAllowAnySigner: true },
      "auth.providers.awsalb.dangerouslyAllowAnySigner: cannot be combined with 'signer'",
    ],
    [
      { signer: undefined, dangerouslyAllowAnySigner: true },
      'auth.providers.awsalb.region: is required when no signer is configured',
    ],
    [
      { signer: undefined, signers: [ALB_ARN, US_EAST_ARN] },
      'auth.providers.awsalb.region: is required: the signers are in eu-west-1 and us-east-1',
    ],
    [
      { region: 'Europe' },
      "auth.providers.awsalb.region: 'Europe' is not an AWS region",
    ],
    [
      { publicKeyEndpoint: 'public-keys.example.com' },
      "auth.providers.awsalb.publicKeyEndpoint: 'public-keys.example.com' is not a URL",
    ],
    [
      { publicKeyEndpoint: 'ftp://keys.example.com' },
      'auth.providers.awsalb.publicKeyEndpoint: ',
    ],
    [
      { publicKeyEndpoint: 'https://keys.example.com/?kid=' },
      "auth.providers.awsalb.publicKeyEndpoint: 'https://keys.example.com/?kid=' must not have a query or fragment",
    ],
    [
      { idp: 'auth0' },
      "auth.providers.awsalb.idp: 'auth0' is not one of cognito, okta, entra, google, generic",
    ],
    [
      { clockTolerance: '10 minutes' },
      'auth.providers.awsalb.clockTolerance: must be at most 5 minutes',
    ],
    [{ clockTolerance: 'soon' }, 'auth.providers.awsalb.clockTolerance: '],
    [
      { sessionDuration: '5s' },
      'auth.providers.awsalb.sessionDuration: must be at least 1 minute',
    ],
    [
      { maxHeaderBytes: 10 },
      'auth.providers.awsalb.maxHeaderBytes: must be a whole number of bytes, at least 1024',
    ],
    [
      { maxHeaderBytes: 16384 },
      'auth.providers.awsalb.maxHeaderBytes: 16384 can never be reached: Node refuses requests whose headers together pass 16384 bytes with a bare 431 first',
    ],
    [
      { identityHeader: 'x amzn' },
      "auth.providers.awsalb.identityHeader: 'x amzn' is not an HTTP header name",
    ],
    [
      { clientId: [] },
      'auth.providers.awsalb.clientId: must be a string or a non-empty list',
    ],
    [
      { usernameClaim: 'two words' },
      "auth.providers.awsalb.usernameClaim: 'two words' is not a claim name",
    ],
    [
      { logoutUrl: '/logout' },
      "auth.providers.awsalb.logoutUrl: '/logout' is not a URL",
    ],
    [
      { logoutUrl: 'file:///logout' },
      "auth.providers.awsalb.logoutUrl: 'file:///logout' must be an http(s) URL",
    ],
    [
      { sessionCookieName: 'two words' },
      "auth.providers.awsalb.sessionCookieName: 'two words' is not a cookie name",
    ],
    [
      { accessToken: { jwksUrl: 'nope' } },
      "auth.providers.awsalb.accessToken.jwksUrl: 'nope' is not a URL",
    ],
    [
      { accessToken: { requiredScopes: [''] } },
      'auth.providers.awsalb.accessToken.requiredScopes: must be a string or a non-empty list',
    ],
  ])('refuses %p', (data, message) => {
    expect(() => read(data as JsonObject)).toThrow(
      `Invalid ALB sign-in config at ${message}`,
    );
  });
});
