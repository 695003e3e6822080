import * as fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parse } from 'yaml';
import { COGNITO_SETTINGS, OIDC_SETTINGS } from './__testUtils__/synthesize';
import {
  DeploySettingsError,
  DeploySettingsInput,
  durationSeconds,
  readDeploySettings,
} from './settings';

function problemsOf(input: unknown): string[] {
  try {
    readDeploySettings(input);
  } catch (error) {
    if (error instanceof DeploySettingsError) return error.problems;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('readDeploySettings', () => {
  it('accepts settings.example.yaml as shipped', () => {
    const example = parse(
      fs.readFileSync(
        resolvePackagePath('@aws-bridge/deploy', 'settings.example.yaml'),
        'utf8',
      ),
    );
    expect(readDeploySettings(example)).toMatchObject({
      stackName: 'aws-bridge-backstage',
      service: { desiredCount: 2 },
      signIn: { sessionTimeout: '12h', cognito: expect.any(Object) },
    });
  });

  it('fills in the defaults', () => {
    expect(
      readDeploySettings({ ...COGNITO_SETTINGS, taskRole: undefined }),
    ).toMatchObject({
      allowedCidrs: ['0.0.0.0/0'],
      service: { desiredCount: 2, cpu: 1024, memoryMiB: 2048 },
      vpc: { maxAzs: 2, natGateways: 1 },
      database: { instanceType: 't4g.micro', deletionProtection: true },
      signIn: {
        sessionTimeout: '12h',
        scopes: ['openid', 'email', 'profile'],
        sessionCookieName: 'AWSELBAuthSessionCookie',
      },
      taskRole: { assumeRoles: [], resourceTagging: false },
    });
  });

  const cases: Array<[string, DeploySettingsInput | unknown, string]> = [
    [
      'no domain name',
      { ...COGNITO_SETTINGS, domainName: undefined },
      'domainName:',
    ],
    [
      'a certificate that is not an ACM ARN',
      { ...COGNITO_SETTINGS, certificateArn: 'my-cert' },
      'certificateArn: must be an ACM certificate ARN',
    ],
    [
      'both Cognito and OIDC',
      {
        ...COGNITO_SETTINGS,
        signIn: { ...OIDC_SETTINGS.signIn, ...COGNITO_SETTINGS.signIn },
      },
      'signIn: set exactly one of signIn.cognito and signIn.oidc',
    ],
    [
      'neither Cognito nor OIDC',
      { ...COGNITO_SETTINGS, signIn: {} },
      'signIn: set exactly one of signIn.cognito and signIn.oidc',
    ],
    [
      'a session longer than the ALB allows',
      {
        ...COGNITO_SETTINGS,
        signIn: { ...COGNITO_SETTINGS.signIn, sessionTimeout: '8d' },
      },
      'signIn.sessionTimeout: must be from 1 second to 7 days',
    ],
    [
      'scopes without openid',
      {
        ...COGNITO_SETTINGS,
        signIn: { ...COGNITO_SETTINGS.signIn, scopes: ['email'] },
      },
      "signIn.scopes: must include 'openid'",
    ],
    [
      'an OIDC issuer over plain HTTP',
      {
        ...OIDC_SETTINGS,
        signIn: {
          oidc: { ...OIDC_SETTINGS.signIn.oidc!, issuer: 'http://idp.example' },
        },
      },
      'signIn.oidc.issuer: must be an https:// URL',
    ],
    [
      'an existing user pool without its client',
      {
        ...COGNITO_SETTINGS,
        signIn: {
          cognito: { domainPrefix: 'corp', userPoolId: 'us-east-1_Abc' },
        },
      },
      'signIn.cognito: an existing user pool needs both userPoolId and userPoolClientId',
    ],
    [
      'a misspelt key',
      { ...COGNITO_SETTINGS, databse: {} },
      'Unrecognized key: "databse"',
    ],
    [
      'a task role entry that is not a role ARN',
      { ...COGNITO_SETTINGS, taskRole: { assumeRoles: ['BackstageReadOnly'] } },
      'taskRole.assumeRoles.0: must be a role ARN',
    ],
    [
      'an app config key that cannot be an environment variable',
      { ...COGNITO_SETTINGS, appConfig: { my_plugin: { a: 1 } } },
      'appConfig.my_plugin: must be a top-level config key',
    ],
    [
      'an app config too large for the task environment',
      {
        ...COGNITO_SETTINGS,
        appConfig: { catalog: { big: 'x'.repeat(40 * 1024) } },
      },
      'appConfig: is over 32 KiB as JSON',
    ],
    [
      'provisioning without an allowlist',
      {
        ...COGNITO_SETTINGS,
        signIn: { ...COGNITO_SETTINGS.signIn, provisioning: {} },
      },
      'signIn.provisioning: needs allowedEmailDomains, allowedGroups or both',
    ],
    [
      'provisioning in appConfig',
      {
        ...COGNITO_SETTINGS,
        appConfig: {
          auth: { providers: { awsalb: { provisioning: { enabled: true } } } },
        },
      },
      'appConfig.auth.providers.awsalb.provisioning: set it as signIn.provisioning instead',
    ],
    [
      'no tasks',
      { ...COGNITO_SETTINGS, service: { desiredCount: 0 } },
      'service.desiredCount:',
    ],
  ];

  it.each(cases)('names the key for %s', (_, input, problem) => {
    expect(problemsOf(input).join('\n')).toContain(problem);
  });

  it('reports every problem at once', () => {
    expect(
      problemsOf({ signIn: { cognito: { domainPrefix: 'Bad_Prefix' } } }),
    ).toEqual([
      expect.stringMatching(/^domainName:/),
      expect.stringMatching(/^certificateArn:/),
      expect.stringMatching(
        /^signIn\.cognito\.domainPrefix: must be a Cognito domain prefix/,
      ),
    ]);
  });
});

describe('durationSeconds', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['12h', 43200],
    ['7d', 604800],
  ])('reads %s as %i seconds', (value, seconds) => {
    expect(durationSeconds(value)).toBe(seconds);
  });
});
