import { mockCredentials } from '@backstage/backend-test-utils';

// What the proxy tests sign with and expect: the emulator's demo fixture (its keys, accounts
// and echo endpoint) and the routes most tests point at it.

/** The demo fixture's platform user, account 999999999999. */
export const DEMO_KEY = {
  accessKeyId: 'AKIAAWSBRIDGEDEMO001',
  secretAccessKey: 'demo-secret-for-the-platform-backstage-user',
};
export const USER_AUTH = mockCredentials.user.header();
export const SERVICE_AUTH = mockCredentials.service.header();

/** What the emulator's echo endpoint reports about the request it received. */
export type Echo = {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  bodyLength: number;
  bodySha256: string;
  service: string;
  region: string;
  caller?: string;
};

/** Static keys the emulator does not know: AWS answers every call signed with them with 403. */
export const REFUSED_KEY = {
  accessKeyId: 'AKIAUNKNOWNKEY000001',
  secretAccessKey: 'not-a-key-aws-knows',
};

/**
 * `aws` config in which the main account (the demo user, 999999999999) can assume
 * BackstageReadOnly in 111111111111 and 222222222222 on the emulator's STS, and
 * 333333333333 signs with {@link REFUSED_KEY}.
 */
export function emulatorAccounts(emulatorUrl: string) {
  return {
    mainAccount: {
      ...DEMO_KEY,
      region: 'us-east-1',
      stsEndpoint: emulatorUrl,
    },
    accounts: [
      {
        accountId: '111111111111',
        roleName: 'BackstageReadOnly',
        externalId: 'aws-bridge-demo',
        stsEndpoint: emulatorUrl,
      },
      {
        accountId: '222222222222',
        roleName: 'BackstageReadOnly',
        stsEndpoint: emulatorUrl,
      },
      { accountId: '333333333333', ...REFUSED_KEY },
    ],
  };
}

/** The API Gateway route most tests use: the emulator's `/prod` stage, in us-east-1. */
export function apigwRoute(emulatorUrl: string, stage = '/prod') {
  return {
    target: `${emulatorUrl}${stage}`,
    service: 'execute-api',
    region: 'us-east-1',
  };
}

/** The S3 route tests use: the emulator's bucket, path style, in us-east-1. */
export function s3Route(emulatorUrl: string) {
  return {
    target: `${emulatorUrl}/bucket`,
    service: 's3',
    region: 'us-east-1',
  };
}
