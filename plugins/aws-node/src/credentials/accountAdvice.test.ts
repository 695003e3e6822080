import type { AwsAccountDescription } from '@aws-bridge/plugin-aws-common';
import {
  EXTERNAL_ID,
  MAIN_KEY,
  managerFor,
  OWN_KEY,
  SECRETS,
  useTestEmulator,
} from '../__testUtils__';

// What the admin page's accounts section reads: each account's alias, and, for one whose
// credentials fail, AWS's error code and what to change, against the emulator's real STS and
// IAM answers (it refuses unknown keys, wrong secrets, and roles whose trust does not match).

useTestEmulator();

async function describeByKey(aws: object) {
  const accounts = await managerFor(aws).describeAccounts();
  return Object.fromEntries(accounts.map(a => [a.configKey, a])) as Record<
    string,
    AwsAccountDescription
  >;
}

describe('account descriptions for the admin page', () => {
  it("report the alias IAM answers for the account's credentials, and none where there is none", async () => {
    const byKey = await describeByKey({
      mainAccount: { ...MAIN_KEY },
      accounts: [{ accountId: '333333333333', ...OWN_KEY }],
    });
    expect(byKey['aws.mainAccount']).toMatchObject({
      ok: true,
      alias: 'test-main',
    });
    expect(byKey['aws.accounts[0]'].ok).toBe(true);
    expect(byKey['aws.accounts[0]'].alias).toBeUndefined();
    expect(byKey['aws.accounts[0]'].advice).toBeUndefined();
  });

  it('explain a role that refuses the caller: the trust policy, and where the external ID goes', async () => {
    const byKey = await describeByKey({
      mainAccount: { ...MAIN_KEY },
      accounts: [
        // Its trust policy requires an external ID, and none is configured.
        { accountId: '111111111111', roleName: 'ReadOnly' },
        // The external ID is configured, but this role trusts no one.
        {
          accountId: '222222222222',
          roleName: 'Locked',
          externalId: EXTERNAL_ID,
        },
      ],
    });
    const missingId = byKey['aws.accounts[0]'];
    expect(missingId).toMatchObject({
      ok: false,
      lastErrorCode: 'AccessDenied',
    });
    expect(missingId.advice).toContain(
      "AWS refused to let the main account's credentials (aws.mainAccount) assume arn:aws:iam::111111111111:role/ReadOnly",
    );
    expect(missingId.advice).toContain(
      'if the trust policy requires an external ID, set aws.accounts[0].externalId',
    );
    const locked = byKey['aws.accounts[1]'];
    expect(locked.lastErrorCode).toBe('AccessDenied');
    expect(locked.advice).toContain(
      'aws.accounts[1].externalId matches the sts:ExternalId',
    );
    expect(JSON.stringify(byKey)).not.toMatch(new RegExp(SECRETS.join('|')));
  });

  it('explain a key AWS does not know, and a secret that does not match its key', async () => {
    const byKey = await describeByKey({
      mainAccount: { ...MAIN_KEY },
      accounts: [
        {
          accountId: '333333333333',
          accessKeyId: 'AKIANOSUCHKEY0000001',
          secretAccessKey: 'whatever',
        },
        {
          accountId: '444444444444',
          accessKeyId: OWN_KEY.accessKeyId,
          secretAccessKey: 'not-the-secret-of-that-key',
        },
      ],
    });
    expect(byKey['aws.accounts[0]']).toMatchObject({
      ok: false,
      lastErrorCode: 'InvalidClientTokenId',
    });
    expect(byKey['aws.accounts[0]'].advice).toMatch(
      /^AWS does not know the access key ID of the credentials in aws.accounts\[0\]/,
    );
    expect(byKey['aws.accounts[0]'].lastError).not.toContain(
      'AKIANOSUCHKEY0000001',
    );
    expect(byKey['aws.accounts[1]']).toMatchObject({
      ok: false,
      lastErrorCode: 'SignatureDoesNotMatch',
    });
    expect(byKey['aws.accounts[1]'].advice).toContain(
      'The secret access key of the credentials in aws.accounts[1] does not belong to its access key ID',
    );
  });

  it('explain an STS that cannot be reached, naming the endpoint', async () => {
    const byKey = await describeByKey({
      mainAccount: { ...MAIN_KEY, stsEndpoint: 'http://127.0.0.1:9' },
    });
    const main = byKey['aws.mainAccount'];
    expect(main.ok).toBe(false);
    expect(main.lastErrorCode).toBe('ECONNREFUSED');
    expect(main.advice).toContain('at http://127.0.0.1:9 could not be reached');
  });
});
