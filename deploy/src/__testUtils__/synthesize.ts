import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackstageStack } from '../BackstageStack';
import { DeploySettingsInput, readDeploySettings } from '../settings';

/** The repository root, where the backend's Dockerfile is. */
export const REPOSITORY_ROOT = resolvePackagePath('@aws-bridge/deploy', '..');

/** Settings for a stack that creates its own Cognito user pool, with a pushed image. */
export const COGNITO_SETTINGS: DeploySettingsInput = {
  domainName: 'backstage.example.com',
  certificateArn:
    'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-bridge:1.0.0',
  signIn: { cognito: { domainPrefix: 'example-backstage' } },
  // Every feature on, so that every statement the task role can have is checked.
  taskRole: {
    assumeRoles: ['arn:aws:iam::111111111111:role/BackstageReadOnly'],
    invokeApis: [
      'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*',
    ],
    resourceTagging: true,
    accountAliases: true,
    cognitoUserPools: [
      'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AwsBrdg01',
    ],
    identityStoreIds: ['d-90670a1b2c'],
  },
};

export const OIDC_SETTINGS: DeploySettingsInput = {
  ...COGNITO_SETTINGS,
  signIn: {
    oidc: {
      issuer: 'https://example.okta.com/oauth2/default',
      authorizationEndpoint:
        'https://example.okta.com/oauth2/default/v1/authorize',
      tokenEndpoint: 'https://example.okta.com/oauth2/default/v1/token',
      userInfoEndpoint: 'https://example.okta.com/oauth2/default/v1/userinfo',
      clientId: '0oa1example',
      clientSecret: { secretName: 'backstage/oidc-client-secret' },
      logoutUrl: 'https://example.okta.com/oauth2/default/v1/logout',
      idp: 'okta',
    },
  },
};

/** Synthesizes the stack as `cdk synth` would: offline, environment-agnostic. */
export function synthesize(input: DeploySettingsInput): Template {
  const app = new App();
  const stack = new BackstageStack(app, 'Backstage', {
    settings: readDeploySettings(input),
    imageBuildContext: REPOSITORY_ROOT,
  });
  return Template.fromStack(stack);
}

type Resources = Record<string, { Type: string; Properties?: any }>;

/** The one resource of a type, with its logical ID. */
export function onlyResource(template: Template, type: string) {
  const found = Object.entries(template.findResources(type) as Resources);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  const [id, resource] = found[0];
  return { id, properties: resource.Properties ?? {} };
}

/** The logical ID of the resource an intrinsic (`{ Ref }` or `{ 'Fn::GetAtt' }`) names. */
export function referencedId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt'])) return v['Fn::GetAtt'][0] as string;
  }
  return undefined;
}
