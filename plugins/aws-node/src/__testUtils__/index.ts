import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type {
  AwsEmulator,
  AwsEmulatorOptions,
  FixtureInput,
} from '@aws-bridge/aws-emulator';
import { ConfigReader } from '@backstage/config';
import { UnsecuredJWT } from 'jose';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultAwsCredentialsManager } from '../DefaultAwsCredentialsManager';
import type { DefaultAwsCredentialsManagerOptions } from '../DefaultAwsCredentialsManager';

// What the credentials tests run against: the AWS emulator, in process, with this fixture.

export const MAIN_ACCOUNT_ID = '999999999999';
export const MAIN_KEY = {
  accessKeyId: 'AKIATESTMAINACCOUNT1',
  secretAccessKey: 'test-secret-of-the-main-account-user',
};
/** A second user of the main account, reached through a profile. */
export const PROFILE_KEY = {
  accessKeyId: 'AKIATESTPROFILEUSER1',
  secretAccessKey: 'test-secret-of-the-profile-user',
};
/** A user in account 333333333333, configured as that entry's own static keys. */
export const OWN_KEY = {
  accessKeyId: 'AKIATESTOWNKEYS33331',
  secretAccessKey: 'test-secret-of-the-333-account-user',
};
export const EXTERNAL_ID = 'test-external-id';
export const OIDC_ISSUER = 'https://oidc.test';
export const SECRETS = [
  MAIN_KEY.secretAccessKey,
  PROFILE_KEY.secretAccessKey,
  OWN_KEY.secretAccessKey,
  EXTERNAL_ID,
];

export const TEST_FIXTURE: FixtureInput = {
  accounts: [
    {
      id: MAIN_ACCOUNT_ID,
      alias: 'test-main',
      users: [
        { name: 'backstage', accessKeys: [{ ...MAIN_KEY }] },
        { name: 'profiled', accessKeys: [{ ...PROFILE_KEY }] },
      ],
      roles: [
        {
          name: 'WebIdentity',
          trust: {
            webIdentity: { issuer: OIDC_ISSUER, audience: 'sts.amazonaws.com' },
          },
        },
      ],
    },
    {
      id: '111111111111',
      roles: [
        {
          name: 'ReadOnly',
          trust: {
            principals: [`arn:aws:iam::${MAIN_ACCOUNT_ID}:user/backstage`],
            externalId: EXTERNAL_ID,
          },
        },
        { name: 'Locked', trust: { principals: [] } },
      ],
    },
    {
      id: '222222222222',
      roles: [{ name: 'ReadOnly', trust: { principals: [MAIN_ACCOUNT_ID] } }],
    },
    {
      id: '333333333333',
      users: [{ name: 'own', accessKeys: [{ ...OWN_KEY }] }],
      roles: [
        {
          name: 'ReadOnly',
          trust: { principals: ['arn:aws:iam::333333333333:user/own'] },
        },
      ],
    },
  ],
};

export function startTestEmulator(options: AwsEmulatorOptions = {}) {
  return startAwsEmulator({ fixture: TEST_FIXTURE, ...options });
}

export function managerFor(
  aws: object | undefined,
  options?: DefaultAwsCredentialsManagerOptions,
) {
  return DefaultAwsCredentialsManager.fromConfig(
    new ConfigReader(aws ? { aws } : {}),
    options,
  );
}

/** The emulator's AssumeRole calls, as (region, signing key) pairs. */
export function assumeRoleCalls(emulator: AwsEmulator) {
  return emulator.callLog().filter(call => call.api === 'sts:AssumeRole');
}

const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_EC2_METADATA_DISABLED',
];

/**
 * Gives each test the AWS environment it sets and nothing from the machine's: no stray
 * profile, key or instance metadata can make a test pass.
 */
export function isolateAwsEnvironment(): { home: () => string } {
  const saved: Record<string, string | undefined> = {};
  let home = '';
  beforeEach(() => {
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-node-test-'));
    // Empty files, so the SDK never reads ~/.aws of whoever runs the tests.
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, 'credentials');
    process.env.AWS_CONFIG_FILE = path.join(home, 'config');
    fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
    fs.writeFileSync(process.env.AWS_CONFIG_FILE, '');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { home: () => home };
}

/** Writes a web identity token (the emulator checks iss, aud and exp, not the signature). */
export function writeWebIdentityToken(dir: string): string {
  const file = path.join(dir, 'web-identity-token');
  const token = new UnsecuredJWT({
    sub: 'system:serviceaccount:backstage:backstage',
  })
    .setIssuer(OIDC_ISSUER)
    .setAudience('sts.amazonaws.com')
    .setIssuedAt()
    .setExpirationTime('1h')
    .encode();
  fs.writeFileSync(file, token);
  return file;
}

/**
 * One emulator for a test file, in an isolated AWS environment (isolateAwsEnvironment), with
 * STS and IAM sent to it through AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_IAM, as the SDK
 * reads them (the manager passes no endpoint unless config has stsEndpoint), and its call log
 * emptied before each test.
 */
export function useTestEmulator(options: AwsEmulatorOptions = {}): {
  emulator: () => AwsEmulator;
  home: () => string;
} {
  const env = isolateAwsEnvironment();
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(options);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.resetCalls();
    process.env.AWS_ENDPOINT_URL_STS = emulator.url;
    process.env.AWS_ENDPOINT_URL_IAM = emulator.url;
  });
  return { emulator: () => emulator, home: env.home };
}
