import fs from 'node:fs';
import {
  assumeRoleCalls,
  EXTERNAL_ID,
  MAIN_ACCOUNT_ID,
  MAIN_KEY,
  managerFor,
  OWN_KEY,
  PROFILE_KEY,
  startTestEmulator,
  useTestEmulator,
  writeWebIdentityToken,
} from './__testUtils__';

// Every way getCredentialProvider resolves an account, against the AWS emulator on 127.0.0.1.
// Each test checks who STS says the credentials belong to, not only that some came back.

const { emulator, home } = useTestEmulator();

const MAIN_STATIC = { mainAccount: { ...MAIN_KEY } };

/** The caller ARN STS reports for the account's credentials. */
async function callerArnOf(
  manager: ReturnType<typeof managerFor>,
  configKey: string,
) {
  const accounts = await manager.describeAccounts();
  const account = accounts.find(a => a.configKey === configKey);
  expect(account).toBeDefined();
  expect(account!.lastError).toBeUndefined();
  expect(account!.ok).toBe(true);
  return account!.callerArn;
}

describe('the main account', () => {
  it('is the SDK default chain when there is no aws config', async () => {
    process.env.AWS_ACCESS_KEY_ID = MAIN_KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MAIN_KEY.secretAccessKey;
    const manager = managerFor(undefined);

    const provider = await manager.getCredentialProvider();
    expect(provider.stsRegion).toBe('us-east-1');
    await expect(provider.sdkCredentialProvider()).resolves.toMatchObject({
      accessKeyId: MAIN_KEY.accessKeyId,
    });
    expect(await callerArnOf(manager, 'aws.mainAccount')).toBe(
      `arn:aws:iam::${MAIN_ACCOUNT_ID}:user/backstage`,
    );
    const [main] = await manager.describeAccounts();
    expect(main).toMatchObject({
      source: 'defaultChain',
      isMainAccount: true,
      accountId: MAIN_ACCOUNT_ID,
    });
  });

  it('uses static keys', async () => {
    const manager = managerFor(MAIN_STATIC);
    const provider = await manager.getCredentialProvider({});
    await expect(provider.sdkCredentialProvider()).resolves.toEqual({
      ...MAIN_KEY,
    });
    expect(await callerArnOf(manager, 'aws.mainAccount')).toBe(
      `arn:aws:iam::${MAIN_ACCOUNT_ID}:user/backstage`,
    );
  });

  it('uses a profile from the shared credentials file', async () => {
    fs.writeFileSync(
      process.env.AWS_SHARED_CREDENTIALS_FILE!,
      `[team]\naws_access_key_id = ${PROFILE_KEY.accessKeyId}\naws_secret_access_key = ${PROFILE_KEY.secretAccessKey}\n`,
    );
    const manager = managerFor({ mainAccount: { profile: 'team' } });
    expect(await callerArnOf(manager, 'aws.mainAccount')).toBe(
      `arn:aws:iam::${MAIN_ACCOUNT_ID}:user/profiled`,
    );
    const [main] = await manager.describeAccounts();
    expect(main.source).toBe('profile');
  });

  it('is what an ARN without an account resolves to, such as an S3 bucket', async () => {
    const manager = managerFor(MAIN_STATIC);
    const main = await manager.getCredentialProvider();
    await expect(
      manager.getCredentialProvider({ arn: 'arn:aws:s3:::some-bucket' }),
    ).resolves.toBe(main);
  });

  it('is what its own account ID resolves to, found with GetCallerIdentity once', async () => {
    const manager = managerFor(MAIN_STATIC);
    const main = await manager.getCredentialProvider();
    const asked = await Promise.all(
      Array.from({ length: 20 }, () =>
        manager.getCredentialProvider({ accountId: MAIN_ACCOUNT_ID }),
      ),
    );
    expect(new Set(asked)).toEqual(new Set([main]));
    expect(main.accountId).toBe(MAIN_ACCOUNT_ID);
    expect(emulator().callCount('sts:GetCallerIdentity')).toBe(1);
  });
});

describe('configured accounts', () => {
  it('assume roleName with the main account credentials, the external ID and the session name', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [
        {
          accountId: '111111111111',
          roleName: 'ReadOnly',
          externalId: EXTERNAL_ID,
          roleSessionName: 'portal',
          region: 'eu-west-1',
        },
      ],
    });
    const provider = await manager.getCredentialProvider({
      accountId: '111111111111',
    });
    expect(provider).toMatchObject({
      accountId: '111111111111',
      stsRegion: 'eu-west-1',
      roleArn: 'arn:aws:iam::111111111111:role/ReadOnly',
    });
    const credentials = await provider.sdkCredentialProvider();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.sessionToken).toBeTruthy();
    expect(credentials.expiration).toBeInstanceOf(Date);
    // Regional STS, signed by the main account's key.
    expect(assumeRoleCalls(emulator())).toEqual([
      {
        api: 'sts:AssumeRole',
        region: 'eu-west-1',
        accessKeyId: MAIN_KEY.accessKeyId,
      },
    ]);
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:sts::111111111111:assumed-role/ReadOnly/portal',
    );
  });

  it("call STS in the main account's region when they name none", async () => {
    const manager = managerFor({
      mainAccount: { ...MAIN_KEY, region: 'ap-southeast-2' },
      accounts: [{ accountId: '222222222222', roleName: 'ReadOnly' }],
    });
    const provider = await manager.getCredentialProvider({
      accountId: '222222222222',
    });
    expect(provider.stsRegion).toBe('ap-southeast-2');
    await provider.sdkCredentialProvider();
    expect(assumeRoleCalls(emulator()).map(call => call.region)).toEqual([
      'ap-southeast-2',
    ]);
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:sts::222222222222:assumed-role/ReadOnly/backstage',
    );
  });

  it('call STS in AWS_REGION when config names no region at all', async () => {
    process.env.AWS_REGION = 'eu-central-1';
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [{ accountId: '222222222222', roleName: 'ReadOnly' }],
    });
    const provider = await manager.getCredentialProvider({
      arn: 'arn:aws:lambda:eu-central-1:222222222222:function:orders',
    });
    expect(provider.accountId).toBe('222222222222');
    await provider.sdkCredentialProvider();
    expect(assumeRoleCalls(emulator()).map(call => call.region)).toEqual([
      'eu-central-1',
    ]);
  });

  it('assume the role with their own static keys when they have them', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [
        { accountId: '333333333333', roleName: 'ReadOnly', ...OWN_KEY },
      ],
    });
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:sts::333333333333:assumed-role/ReadOnly/backstage',
    );
    expect(assumeRoleCalls(emulator()).map(call => call.accessKeyId)).toEqual([
      OWN_KEY.accessKeyId,
    ]);
  });

  it('use their static keys as they are without a role', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [{ accountId: '333333333333', ...OWN_KEY }],
    });
    const provider = await manager.getCredentialProvider({
      accountId: '333333333333',
    });
    await expect(provider.sdkCredentialProvider()).resolves.toEqual({
      ...OWN_KEY,
    });
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:iam::333333333333:user/own',
    );
  });

  it('use a profile', async () => {
    fs.writeFileSync(
      process.env.AWS_SHARED_CREDENTIALS_FILE!,
      `[own]\naws_access_key_id = ${OWN_KEY.accessKeyId}\naws_secret_access_key = ${OWN_KEY.secretAccessKey}\n`,
    );
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [{ accountId: '333333333333', profile: 'own' }],
    });
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:iam::333333333333:user/own',
    );
  });

  it('assume a role with a web identity token file', async () => {
    const tokenFile = writeWebIdentityToken(home());
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [
        {
          accountId: MAIN_ACCOUNT_ID,
          roleName: 'WebIdentity',
          webIdentityTokenFile: tokenFile,
        },
      ],
    });
    const provider = await manager.getCredentialProvider({
      accountId: MAIN_ACCOUNT_ID,
    });
    expect((await provider.sdkCredentialProvider()).accessKeyId).toMatch(
      /^ASIA/,
    );
    expect(emulator().callCount('sts:AssumeRoleWithWebIdentity')).toBe(1);
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      `arn:aws:sts::${MAIN_ACCOUNT_ID}:assumed-role/WebIdentity/backstage`,
    );
    const described = await manager.describeAccounts();
    expect(described[1].source).toBe('webIdentity');
  });

  it('take the account from a resource ARN', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [{ accountId: '333333333333', ...OWN_KEY }],
    });
    const byId = await manager.getCredentialProvider({
      accountId: '333333333333',
    });
    await expect(
      manager.getCredentialProvider({
        arn: 'arn:aws:dynamodb:us-east-1:333333333333:table/orders',
      }),
    ).resolves.toBe(byId);
  });
});

describe('accountDefaults', () => {
  it('assume the default role in an account no entry names, once per account', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accountDefaults: { roleName: 'ReadOnly', region: 'eu-west-1' },
    });
    const first = await manager.getCredentialProvider({
      accountId: '222222222222',
    });
    await expect(
      manager.getCredentialProvider({ accountId: '222222222222' }),
    ).resolves.toBe(first);
    expect(first).toMatchObject({
      accountId: '222222222222',
      stsRegion: 'eu-west-1',
      roleArn: 'arn:aws:iam::222222222222:role/ReadOnly',
    });
    expect(await callerArnOf(manager, 'aws.accountDefaults')).toBe(
      'arn:aws:sts::222222222222:assumed-role/ReadOnly/backstage',
    );
  });

  it('assume the default role with a web identity token file', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accountDefaults: {
        roleName: 'WebIdentity',
        webIdentityTokenFile: writeWebIdentityToken(home()),
        roleSessionName: 'eks-pod',
      },
    });
    await manager.getCredentialProvider({ accountId: MAIN_ACCOUNT_ID });
    expect(await callerArnOf(manager, 'aws.accountDefaults')).toBe(
      `arn:aws:sts::${MAIN_ACCOUNT_ID}:assumed-role/WebIdentity/eks-pod`,
    );
    expect(emulator().callCount('sts:AssumeRoleWithWebIdentity')).toBe(1);
    expect(emulator().callCount('sts:AssumeRole')).toBe(0);
  });

  it('take the partition from the region', async () => {
    const manager = managerFor({
      ...MAIN_STATIC,
      accountDefaults: { roleName: 'ReadOnly', region: 'cn-north-1' },
    });
    const provider = await manager.getCredentialProvider({
      accountId: '222222222222',
    });
    expect(provider.roleArn).toBe('arn:aws-cn:iam::222222222222:role/ReadOnly');
  });
});

describe('an account nothing covers', () => {
  it('is a NotFoundError naming the account and the config to add', async () => {
    const manager = managerFor(MAIN_STATIC);
    const error = await manager
      .getCredentialProvider({ accountId: '444444444444' })
      .catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toContain('444444444444');
    expect(error.message).toContain('aws.accounts');
    expect(error.message).toContain('aws.accountDefaults.roleName');
  });

  it('says so, with the cause, when the main account cannot be checked', async () => {
    const manager = managerFor({
      mainAccount: {
        accessKeyId: 'AKIATESTUNKNOWNKEY01',
        secretAccessKey: 'not-a-key-the-emulator-knows',
      },
    });
    const error = await manager
      .getCredentialProvider({ accountId: '444444444444' })
      .catch(e => e);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toContain('444444444444');
    expect(error.message).toMatch(
      /security token included in the request is invalid/i,
    );
    expect(error.message).not.toContain('not-a-key-the-emulator-knows');
  });

  it.each([
    [{ accountId: '12345' }, "'12345' is not an AWS account ID"],
    [{ arn: 'not-an-arn' }, "'not-an-arn' is not an ARN"],
  ])('rejects %j as an InputError', async (opts, message) => {
    const manager = managerFor(MAIN_STATIC);
    const error = await manager.getCredentialProvider(opts).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(message);
  });
});

describe('STS endpoints', () => {
  it('honour AWS_ENDPOINT_URL when no service-specific variable is set', async () => {
    delete process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL = emulator().url;
    const manager = managerFor({
      ...MAIN_STATIC,
      accounts: [{ accountId: '222222222222', roleName: 'ReadOnly' }],
    });
    expect(await callerArnOf(manager, 'aws.accounts[0]')).toBe(
      'arn:aws:sts::222222222222:assumed-role/ReadOnly/backstage',
    );
  });

  it('follow stsEndpoint per account over AWS_ENDPOINT_URL_STS', async () => {
    const other = await startTestEmulator();
    try {
      const manager = managerFor({
        ...MAIN_STATIC,
        accounts: [
          {
            accountId: '222222222222',
            roleName: 'ReadOnly',
            stsEndpoint: other.url,
          },
          { accountId: '333333333333', roleName: 'ReadOnly', ...OWN_KEY },
        ],
      });
      for (const accountId of ['222222222222', '333333333333']) {
        const provider = await manager.getCredentialProvider({ accountId });
        await provider.sdkCredentialProvider();
      }
      expect(other.callCount('sts:AssumeRole')).toBe(1);
      expect(emulator().callCount('sts:AssumeRole')).toBe(1);
      const [, configured] = await manager.describeAccounts();
      expect(configured.stsEndpoint).toBe(other.url);
    } finally {
      await other.stop();
    }
  });
});

describe('getRoleCredentialProvider', () => {
  it('assumes the role with the main account credentials, once, and reports it', async () => {
    const manager = managerFor(MAIN_STATIC);
    const options = {
      roleArn: 'arn:aws:iam::111111111111:role/ReadOnly',
      roleSessionName: 'proxy',
      externalId: EXTERNAL_ID,
      configKey: 'aws.proxy.routes./search',
    };
    const provider = manager.getRoleCredentialProvider(options);
    expect(manager.getRoleCredentialProvider({ ...options })).toBe(provider);
    expect(provider).toMatchObject({
      accountId: '111111111111',
      roleArn: 'arn:aws:iam::111111111111:role/ReadOnly',
    });
    const [first, second] = await Promise.all([
      provider.sdkCredentialProvider(),
      provider.sdkCredentialProvider(),
    ]);
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(second).toEqual(first);
    expect(assumeRoleCalls(emulator())).toEqual([
      {
        api: 'sts:AssumeRole',
        region: 'us-east-1',
        accessKeyId: MAIN_KEY.accessKeyId,
      },
    ]);
    expect(await callerArnOf(manager, 'aws.proxy.routes./search')).toBe(
      'arn:aws:sts::111111111111:assumed-role/ReadOnly/proxy',
    );
    const reported = JSON.stringify(await manager.describeAccounts());
    expect(reported).not.toContain(EXTERNAL_ID);
  });

  it('keeps a different session name or external ID apart', () => {
    const manager = managerFor(MAIN_STATIC);
    const roleArn = 'arn:aws:iam::111111111111:role/ReadOnly';
    const a = manager.getRoleCredentialProvider({ roleArn });
    expect(
      manager.getRoleCredentialProvider({ roleArn, roleSessionName: 'other' }),
    ).not.toBe(a);
    expect(
      manager.getRoleCredentialProvider({ roleArn, externalId: 'x' }),
    ).not.toBe(a);
  });

  it('refuses what is not a role ARN', () => {
    const manager = managerFor(MAIN_STATIC);
    expect(() =>
      manager.getRoleCredentialProvider({
        roleArn: 'arn:aws:iam::111111111111:user/x',
      }),
    ).toThrow("'arn:aws:iam::111111111111:user/x' is not an IAM role ARN");
  });
});
