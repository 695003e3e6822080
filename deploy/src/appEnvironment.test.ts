import { awsAlbAuthenticator } from '@aws-bridge/plugin-auth-backend-module-awsalb-provider';
import { AddressInfo } from 'node:net';
import awsAlbModule from '@aws-bridge/plugin-auth-backend-module-awsalb-provider';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Config } from '@backstage/config';
import {
  ConfigSources,
  EnvConfigSource,
  FileConfigSource,
  loadConfigSchema,
} from '@backstage/config-loader';
import { Template } from 'aws-cdk-lib/assertions';
import { resolveIntrinsics } from './__testUtils__/cloudFormation';
import {
  COGNITO_SETTINGS,
  OIDC_SETTINGS,
  onlyResource,
  synthesize,
} from './__testUtils__/synthesize';
import { APP_SECRET_VARIABLES } from './appEnvironment';
import { DeploySettingsInput } from './settings';

/** The config the image runs with, whose ${VARIABLES} the stack sets. */
const PRODUCTION_CONFIG = resolvePackagePath(
  '@aws-bridge/deploy',
  'app-config.production.yaml',
);

/** A deployment's own aws config, as settings.appConfig.aws. */
const OWN_AWS_CONFIG = {
  accounts: [{ accountId: '111111111111', roleName: 'BackstageReadOnly' }],
  proxy: {
    routes: {
      '/payments-api': {
        target: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
        accountId: '111111111111',
      },
    },
  },
};

const ALB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/Backst-Alb16-1a2b3c4d5e6f/50dc6c495c0c9188';

/** The environment of the backend's container once CloudFormation has deployed the stack. */
function deployedEnvironment(template: Template): Record<string, string> {
  const resources = template.toJSON().Resources;
  const task = onlyResource(template, 'AWS::ECS::TaskDefinition').properties;
  const [container] = task.ContainerDefinitions;
  const environment = Object.fromEntries(
    container.Environment.map((variable: { Name: string; Value: unknown }) => [
      variable.Name,
      resolveIntrinsics(variable.Value, resources),
    ]),
  );
  // ECS reads these from the database's secret when the task starts.
  for (const { Name } of container.Secrets) {
    environment[Name] = `value-of-${Name}`;
  }
  return environment;
}

/** Loads the production config as the backend does, with only `environment` to read. */
async function productionConfig(
  environment: Record<string, string>,
): Promise<{ config: Config; missing: string[] }> {
  const missing: string[] = [];
  const source = FileConfigSource.create({
    path: PRODUCTION_CONFIG,
    substitutionFunc: async name => {
      if (!(name in environment)) missing.push(name);
      return environment[name];
    },
  });
  // As the backend loads it: the file, then APP_CONFIG_* variables over it.
  const config = await ConfigSources.toConfig(
    ConfigSources.merge([source, EnvConfigSource.create({ env: environment })]),
  );
  config.close();
  return { config, missing };
}

/** auth.providers.awsalb as the awsalb module reads it at startup: it throws on a mistake. */
async function readByTheModule(config: Config) {
  const context = await awsAlbAuthenticator.initialize({
    config: config.getConfig('auth.providers.awsalb'),
  });
  return context as { options: Record<string, any> };
}

// A synth loads much of aws-cdk-lib the first time: seconds on a busy two-core machine.
jest.setTimeout(60_000);

describe('the app config the stack generates', () => {
  it.each([
    ['a new Cognito user pool', COGNITO_SETTINGS],
    ['an OIDC IdP', OIDC_SETTINGS],
  ] as Array<[string, DeploySettingsInput]>)(
    'with %s, sets every variable the production config reads',
    async (_, settings) => {
      const environment = deployedEnvironment(synthesize(settings));
      const { missing } = await productionConfig(environment);
      expect(missing).toEqual([]);
      expect(Object.keys(environment)).toEqual(
        expect.arrayContaining(APP_SECRET_VARIABLES),
      );
    },
  );

  it("with Cognito, is accepted by the awsalb module's own config reader", async () => {
    const template = synthesize(COGNITO_SETTINGS);
    const { config } = await productionConfig(deployedEnvironment(template));
    const { options } = await readByTheModule(config);
    expect(options).toMatchObject({
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12Cd34E',
      signers: [ALB_ARN],
      publicKeyEndpoint: 'https://public-keys.auth.elb.us-east-1.amazonaws.com',
      clientIds: ['5ouq3o9r0o4c1v7m9k3c2p1gq8'],
      idp: 'cognito',
      signOut: {
        sessionCookieName: 'AWSELBAuthSessionCookie',
        logoutUrl:
          'https://example-backstage.auth.us-east-1.amazoncognito.com/logout?client_id=5ouq3o9r0o4c1v7m9k3c2p1gq8&logout_uri=https%3A%2F%2Fbackstage.example.com%2F',
      },
    });
    // The ALB's authenticate action uses the same client and cookie Backstage expects.
    const listener = onlyResource(
      template,
      'AWS::ElasticLoadBalancingV2::Listener',
    ).properties;
    const action = listener.DefaultActions[0].AuthenticateCognitoConfig;
    expect(action.SessionCookieName).toBe(options.signOut.sessionCookieName);
    expect(
      resolveIntrinsics(action.UserPoolClientId, template.toJSON().Resources),
    ).toBe(options.clientIds![0]);
  });

  it("with an OIDC IdP, is accepted by the awsalb module's own config reader", async () => {
    const template = synthesize({
      ...OIDC_SETTINGS,
      signIn: { ...OIDC_SETTINGS.signIn, sessionCookieName: 'BackstageAlb' },
    });
    const { config } = await productionConfig(deployedEnvironment(template));
    const { options } = await readByTheModule(config);
    expect(options).toMatchObject({
      issuer: 'https://example.okta.com/oauth2/default',
      signers: [ALB_ARN],
      clientIds: ['0oa1example'],
      idp: 'okta',
      signOut: {
        sessionCookieName: 'BackstageAlb',
        logoutUrl: 'https://example.okta.com/oauth2/default/v1/logout',
      },
    });
  });

  it('points the backend at the database and the ALB, with TLS to RDS', async () => {
    const { config } = await productionConfig(
      deployedEnvironment(synthesize(COGNITO_SETTINGS)),
    );
    expect(config.getString('app.baseUrl')).toBe(
      'https://backstage.example.com',
    );
    expect(config.getString('backend.baseUrl')).toBe(
      'https://backstage.example.com',
    );
    expect(config.get('backend.database')).toEqual({
      client: 'pg',
      connection: {
        host: 'backstage-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com',
        port: '5432',
        user: 'value-of-POSTGRES_USER',
        password: 'value-of-POSTGRES_PASSWORD',
      },
    });
    const environment = deployedEnvironment(synthesize(COGNITO_SETTINGS));
    expect(environment.PGSSLMODE).toBe('verify-full');
  });

  it('passes the config schema of every package the backend loads', async () => {
    const { config } = await productionConfig(
      deployedEnvironment(synthesize(OIDC_SETTINGS)),
    );
    // The demo backend's packages, ours included: each one's config.d.ts.
    const schema = await loadConfigSchema({ dependencies: ['backend'] });
    expect(() =>
      schema.process([{ data: config.get(), context: PRODUCTION_CONFIG }]),
    ).not.toThrow();
    // The schema is strict enough to catch a mistake in the generated values.
    expect(() =>
      schema.process([
        {
          data: {
            ...config.get<object>(),
            auth: {
              providers: {
                awsalb: {
                  ...config.get<object>('auth.providers.awsalb'),
                  idp: 'azure',
                },
              },
            },
          },
          context: PRODUCTION_CONFIG,
        },
      ]),
    ).toThrow(/allowed values .* at \/auth\/providers\/awsalb\/idp/);
  });

  it("merges the settings' own app config and provisioning over the production config", async () => {
    const template = synthesize({
      ...OIDC_SETTINGS,
      signIn: {
        ...OIDC_SETTINGS.signIn,
        provisioning: { allowedEmailDomains: ['example.com'] },
      },
      appConfig: {
        aws: OWN_AWS_CONFIG,
        auth: { providers: { awsalb: { clockTolerance: '30s' } } },
      },
    });
    const environment = deployedEnvironment(template);
    expect(
      Object.keys(environment).filter(k => k.startsWith('APP_CONFIG_')),
    ).toEqual(['APP_CONFIG_aws', 'APP_CONFIG_auth']);
    const { config } = await productionConfig(environment);
    // Added to the file's aws.mainAccount, not in place of it.
    expect(config.get('aws')).toEqual({ mainAccount: {}, ...OWN_AWS_CONFIG });
    expect(config.get('auth.providers.awsalb.provisioning')).toEqual({
      enabled: true,
      allowedEmailDomains: ['example.com'],
    });
    // What the stack set is still there, and still accepted.
    const { options } = await readByTheModule(config);
    expect(options.signers).toEqual([ALB_ARN]);
    expect(options.clockToleranceSeconds).toBe(30);
  });
});

describe('the real auth backend, on the app config the stack generates', () => {
  /** Starts Backstage's auth plugin with the awsalb module on `config`'s app and auth keys. */
  async function startAuth(config: Config) {
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        awsAlbModule,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            app: config.get<JsonObject>('app'),
            auth: config.get<JsonObject>('auth'),
          },
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    return {
      server,
      refresh: `http://127.0.0.1:${port}/api/auth/awsalb/refresh`,
    };
  }

  it.each([
    ['without provisioning', {}],
    ['with provisioning', { provisioning: { allowedGroups: ['platform'] } }],
  ])(
    'starts %s, and answers a request without the ALB headers with a 401 and its reason',
    async (_, signIn) => {
      const template = synthesize({
        ...COGNITO_SETTINGS,
        signIn: { ...COGNITO_SETTINGS.signIn, ...signIn },
      });
      const { config } = await productionConfig(deployedEnvironment(template));
      const { server, refresh } = await startAuth(config);
      try {
        const response = await fetch(refresh);
        expect(response.status).toBe(401);
        expect(await response.text()).toMatch(/x-amzn-oidc-data/);
      } finally {
        server.close();
      }
    },
  );

  it('refuses to start on provisioning without an allowlist, the mistake the settings prevent', async () => {
    const { config } = await productionConfig({
      ...deployedEnvironment(synthesize(COGNITO_SETTINGS)),
      APP_CONFIG_auth: JSON.stringify({
        providers: { awsalb: { provisioning: { enabled: true } } },
      }),
    });
    await expect(startAuth(config)).rejects.toThrow(
      /allowedGroups', 'allowedEmailDomains' or both/,
    );
  });
});
