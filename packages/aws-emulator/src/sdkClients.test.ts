import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { generateKeyPair, SignJWT } from 'jose';
import { startAwsEmulator, AwsEmulator } from './server';
import {
  assumeReadOnly,
  EXPIRED_SESSION,
  EXTERNAL_ID,
  INTRUDER_KEY,
  LOCKED_ROLE,
  PLATFORM_KEY,
  READ_ONLY_ROLE,
  restoreEnvAfterEach,
  TEST_FIXTURE,
  WEB_IDENTITY_ROLE,
} from './__testUtils__';

// The AWS SDK v3 clients themselves, signing with their own signer and parsing the answers.

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startAwsEmulator({ fixture: TEST_FIXTURE });
});
afterAll(() => emulator.stop());

type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

const clientConfig = (
  credentials: Credentials = PLATFORM_KEY,
  region = 'us-east-1',
) => ({
  endpoint: emulator.url,
  region,
  // A copy: the SDK marks credential objects it is given (`$source`).
  credentials: { ...credentials },
  maxAttempts: 1,
});

describe('STS', () => {
  it('GetCallerIdentity names the user the key belongs to', async () => {
    const sts = new STSClient(clientConfig());
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: '999999999999',
      Arn: 'arn:aws:iam::999999999999:user/backstage',
      UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
    });
  });

  it('AssumeRole issues session credentials that expire, and that work', async () => {
    emulator.resetCalls();
    const before = Date.now();
    const session = await assumeReadOnly(emulator.url, 'alice');
    expect(session.accessKeyId).toMatch(/^ASIA/);
    const lifetime = session.expiration.getTime() - before;
    expect(lifetime).toBeGreaterThan(3595 * 1000);
    expect(lifetime).toBeLessThanOrEqual(3600 * 1000);
    expect(emulator.callCount('sts:AssumeRole')).toBe(1);

    const asRole = new STSClient(clientConfig(session));
    expect(await asRole.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: '111111111111',
      Arn: 'arn:aws:sts::111111111111:assumed-role/ReadOnly/alice',
      UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:alice$/),
    });
    // The log says which region was called and with which key, in order.
    expect(emulator.callLog()).toEqual([
      {
        api: 'sts:AssumeRole',
        region: 'us-east-1',
        accessKeyId: PLATFORM_KEY.accessKeyId,
      },
      {
        api: 'sts:GetCallerIdentity',
        region: 'us-east-1',
        accessKeyId: session.accessKeyId,
      },
    ]);
  });

  it('AssumeRole refuses a principal the trust policy does not name', async () => {
    const sts = new STSClient(clientConfig(INTRUDER_KEY));
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: READ_ONLY_ROLE,
          RoleSessionName: 'intruder',
          ExternalId: EXTERNAL_ID,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::999999999999:user/intruder is not authorized to perform: sts:AssumeRole on resource: ${READ_ONLY_ROLE}`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it.each([
    ['a missing ExternalId', undefined],
    ['a wrong ExternalId', 'guessed'],
  ])('AssumeRole refuses %s', async (_, externalId) => {
    const sts = new STSClient(clientConfig());
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: READ_ONLY_ROLE,
          RoleSessionName: 'session',
          ExternalId: externalId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('AssumeRole refuses a role that trusts nobody, and one that does not exist, alike', async () => {
    const sts = new STSClient(clientConfig());
    for (const roleArn of [
      LOCKED_ROLE,
      'arn:aws:iam::111111111111:role/Missing',
    ]) {
      await expect(
        sts.send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss' }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    }
  });

  it('AssumeRole validates its parameters', async () => {
    const sts = new STSClient(clientConfig());
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: READ_ONLY_ROLE,
          RoleSessionName: 'ok',
          ExternalId: EXTERNAL_ID,
          DurationSeconds: 7200,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: READ_ONLY_ROLE,
          RoleSessionName: 'bad name',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('AssumeRoleWithWebIdentity exchanges a token whose iss and aud the role trusts', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = (iss: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(iss)
        .setAudience('sts.amazonaws.com')
        .setSubject('system:serviceaccount:backstage:backstage')
        .setExpirationTime('5m')
        .sign(privateKey);
    // No credentials: the SDK sends this call unsigned, as AWS allows.
    const sts = new STSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      maxAttempts: 1,
    });
    const result = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: WEB_IDENTITY_ROLE,
        RoleSessionName: 'backstage-pod',
        WebIdentityToken: await token('https://oidc.test'),
      }),
    );
    expect(result).toMatchObject({
      SubjectFromWebIdentityToken: 'system:serviceaccount:backstage:backstage',
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::999999999999:assumed-role/WebIdentity/backstage-pod',
      },
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/) },
    });
    await expect(
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: WEB_IDENTITY_ROLE,
          RoleSessionName: 'backstage-pod',
          WebIdentityToken: await token('https://evil.example'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it.each<[string, Credentials, string, number]>([
    [
      'a wrong secret',
      { ...PLATFORM_KEY, secretAccessKey: 'wrong-secret-wrong-secret' },
      'SignatureDoesNotMatch',
      403,
    ],
    [
      'an unknown key',
      { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x'.repeat(40) },
      'InvalidClientTokenId',
      403,
    ],
    ['an expired session token', EXPIRED_SESSION, 'ExpiredToken', 403],
  ])(
    'answers %s with %s, as STS does',
    async (_, credentials, name, status) => {
      const sts = new STSClient(clientConfig(credentials));
      await expect(
        sts.send(new GetCallerIdentityCommand({})),
      ).rejects.toMatchObject({
        name,
        $metadata: { httpStatusCode: status },
      });
    },
  );

  it('credentials past their expiry are refused', async () => {
    const shortLived = await startAwsEmulator({
      fixture: TEST_FIXTURE,
      sessionLifetimeSeconds: 1,
    });
    try {
      const sts = new STSClient({
        ...clientConfig(),
        endpoint: shortLived.url,
      });
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: READ_ONLY_ROLE,
          RoleSessionName: 's1',
          ExternalId: EXTERNAL_ID,
        }),
      );
      const asRole = new STSClient({
        ...clientConfig({
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken!,
        }),
        endpoint: shortLived.url,
      });
      await new Promise(resolve =>
        setTimeout(resolve, c!.Expiration!.getTime() - Date.now() + 50),
      );
      await expect(
        asRole.send(new GetCallerIdentityCommand({})),
      ).rejects.toMatchObject({
        name: 'ExpiredToken',
      });
    } finally {
      await shortLived.stop();
    }
  });

  it("lets the SDK correct its clock from the emulator's when they differ by over 15 minutes", async () => {
    const skewed = await startAwsEmulator({
      fixture: TEST_FIXTURE,
      now: () => Date.now() + 20 * 60 * 1000,
    });
    try {
      // First attempt: SignatureDoesNotMatch (Signature not yet current); the SDK reads the
      // Date header, adjusts its clock and retries.
      const sts = new STSClient({
        ...clientConfig(),
        endpoint: skewed.url,
        maxAttempts: 2,
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(
        '999999999999',
      );
      expect(skewed.callCount('sts:GetCallerIdentity')).toBe(2);
    } finally {
      await skewed.stop();
    }
  });
});

describe('IAM', () => {
  it("ListAccountAliases returns the caller's account alias", async () => {
    const iam = new IAMClient(clientConfig());
    const result = await iam.send(new ListAccountAliasesCommand({}));
    expect(result.AccountAliases).toEqual(['test-platform']);
    expect(result.IsTruncated).toBe(false);
  });

  it('answers a wrong secret with SignatureDoesNotMatch', async () => {
    const iam = new IAMClient(
      clientConfig({
        ...PLATFORM_KEY,
        secretAccessKey: 'wrong-wrong-wrong-wrong',
      }),
    );
    await expect(
      iam.send(new ListAccountAliasesCommand({})),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('Resource Groups Tagging GetResources', () => {
  let session: Credentials;
  beforeAll(async () => {
    session = await assumeReadOnly(emulator.url);
  });

  async function allArns(input: object, region = 'us-east-1', pageSize = 100) {
    const client = new ResourceGroupsTaggingAPIClient(
      clientConfig(session, region),
    );
    const arns: string[] = [];
    for await (const page of paginateGetResources(
      { client },
      { ...input, ResourcesPerPage: pageSize },
    )) {
      arns.push(...page.ResourceTagMappingList!.map(r => r.ResourceARN!));
    }
    return arns;
  }

  it("pages through every resource in the caller's account and region exactly once", async () => {
    emulator.resetCalls();
    const arns = await allArns({});
    expect(arns).toHaveLength(230);
    expect(new Set(arns).size).toBe(230);
    expect(emulator.callCount('tagging:GetResources')).toBe(3);
    expect(await allArns({}, 'us-east-1', 7)).toEqual(arns);
    expect(await allArns({}, 'eu-west-1')).toHaveLength(3);
  });

  it('filters by tag: every filter must match, any of its values', async () => {
    const payments = await allArns({
      TagFilters: [{ Key: 'app', Values: ['payments'] }],
    });
    expect(payments).toHaveLength(115);
    const some = await allArns({
      TagFilters: [
        { Key: 'app', Values: ['payments', 'orders'] },
        { Key: 'index', Values: ['000', '001', '999'] },
      ],
    });
    expect(some).toEqual([
      'arn:aws:dynamodb:us-east-1:111111111111:table/table-001',
      'arn:aws:lambda:us-east-1:111111111111:function:fn-000',
    ]);
    expect(await allArns({ TagFilters: [{ Key: 'absent' }] })).toEqual([]);
  });

  it('filters by resource type, service-wide or exact', async () => {
    expect(await allArns({ ResourceTypeFilters: ['lambda'] })).toHaveLength(77);
    expect(
      await allArns({ ResourceTypeFilters: ['dynamodb:table', 's3'] }),
    ).toHaveLength(153);
    expect(
      await allArns({ ResourceTypeFilters: ['lambda:layer'] }),
    ).toHaveLength(0);
  });

  it('returns tags as Key/Value pairs', async () => {
    const client = new ResourceGroupsTaggingAPIClient(clientConfig(session));
    const result = await client.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'index', Values: ['002'] }],
      }),
    );
    expect(result.ResourceTagMappingList).toEqual([
      {
        ResourceARN: 'arn:aws:s3:::bucket-002',
        Tags: [
          { Key: 'app', Value: 'payments' },
          { Key: 'index', Value: '002' },
        ],
      },
    ]);
    expect(result.PaginationToken).toBe('');
  });

  it('answers a wrong secret with InvalidSignatureException, as JSON services do', async () => {
    const client = new ResourceGroupsTaggingAPIClient(
      clientConfig({ ...session, secretAccessKey: 'wrong-wrong-wrong-wrong' }),
    );
    await expect(
      client.send(new GetResourcesCommand({})),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a bad pagination token with InvalidParameterException', async () => {
    const client = new ResourceGroupsTaggingAPIClient(clientConfig(session));
    await expect(
      client.send(
        new GetResourcesCommand({ PaginationToken: 'bm90LWEtdG9rZW4' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('AWS_ENDPOINT_URL_<SERVICE>', () => {
  restoreEnvAfterEach();

  it('points SDK clients without an endpoint option at the emulator', async () => {
    process.env.AWS_ENDPOINT_URL_STS = emulator.url;
    process.env.AWS_ENDPOINT_URL_IAM = emulator.url;
    process.env.AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API = emulator.url;
    const config = () => ({
      region: 'us-east-1',
      credentials: { ...PLATFORM_KEY },
      maxAttempts: 1,
    });
    expect(
      (await new STSClient(config()).send(new GetCallerIdentityCommand({})))
        .Account,
    ).toBe('999999999999');
    expect(
      (await new IAMClient(config()).send(new ListAccountAliasesCommand({})))
        .AccountAliases,
    ).toEqual(['test-platform']);
    const tagging = new ResourceGroupsTaggingAPIClient(config());
    expect(
      (await tagging.send(new GetResourcesCommand({}))).ResourceTagMappingList,
    ).toEqual([]);
  });
});
