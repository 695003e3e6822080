import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '../DefaultAwsCredentialsManager';
import { readAwsCredentialsConfig } from './readAwsCredentialsConfig';

// Every config mistake fails at startup (in fromConfig), with a message naming the key and
// never echoing a secret.

const KEY = {
  accessKeyId: 'AKIAEXAMPLEKEY000001',
  secretAccessKey: 'example-secret-that-must-not-be-echoed',
};

function fromConfig(aws: unknown) {
  return () =>
    DefaultAwsCredentialsManager.fromConfig(new ConfigReader({ aws } as any));
}

describe('config mistakes', () => {
  it.each([
    [
      'an account ID that is not 12 digits',
      { accounts: [{ accountId: '12345', roleName: 'R' }] },
      "aws.accounts[0].accountId: '12345' is not an AWS account ID (12 digits)",
    ],
    [
      'an account ID written as a YAML number',
      { accounts: [{ accountId: 111111111111, roleName: 'R' }] },
      'aws.accounts[0].accountId: write the account ID as a quoted string',
    ],
    [
      'an entry without an account ID',
      { accounts: [{ roleName: 'R' }] },
      'aws.accounts[0].accountId: missing',
    ],
    [
      'two entries for one account',
      {
        accounts: [
          { accountId: '111111111111', roleName: 'A' },
          { accountId: '222222222222', roleName: 'A' },
          { accountId: '111111111111', roleName: 'B' },
        ],
      },
      'aws.accounts[2].accountId: account 111111111111 is already configured at aws.accounts[0]',
    ],
    [
      'a role ARN that is not one',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'arn:aws:iam::111111111111:user/x',
          },
        ],
      },
      "aws.accounts[0].roleName: 'arn:aws:iam::111111111111:user/x' is not an IAM role ARN",
    ],
    [
      'a role ARN with a short account',
      {
        accounts: [
          { accountId: '111111111111', roleName: 'arn:aws:iam::1111:role/x' },
        ],
      },
      'aws.accounts[0].roleName',
    ],
    [
      "a role ARN in another account than the entry's",
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'arn:aws:iam::222222222222:role/x',
          },
        ],
      },
      "aws.accounts[0].roleName: the role ARN is in account 222222222222, not in this entry's account 111111111111",
    ],
    [
      'a role ARN in an unknown partition',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'arn:aws-moon:iam::111111111111:role/x',
          },
        ],
      },
      "aws.accounts[0].roleName: the role ARN's partition 'aws-moon' is not an AWS partition",
    ],
    [
      'a role name with characters IAM refuses',
      { accounts: [{ accountId: '111111111111', roleName: 'Read Only' }] },
      "aws.accounts[0].roleName: 'Read Only' is neither an IAM role name nor a role ARN",
    ],
    [
      'an ARN as the default role name',
      { accountDefaults: { roleName: 'arn:aws:iam::111111111111:role/x' } },
      'aws.accountDefaults.roleName',
    ],
    [
      'a profile together with static keys (an account)',
      { accounts: [{ accountId: '111111111111', profile: 'p', ...KEY }] },
      'aws.accounts[0].profile: a profile and static keys',
    ],
    [
      'a profile together with static keys (the main account)',
      { mainAccount: { profile: 'p', ...KEY } },
      'aws.mainAccount.profile: a profile and static keys',
    ],
    [
      'a profile together with a role',
      {
        accounts: [{ accountId: '111111111111', profile: 'p', roleName: 'R' }],
      },
      'aws.accounts[0].profile: a profile and a roleName are both configured',
    ],
    [
      'an access key without its secret',
      { mainAccount: { accessKeyId: KEY.accessKeyId } },
      'aws.mainAccount.secretAccessKey',
    ],
    [
      'a secret without its access key',
      {
        accounts: [
          { accountId: '111111111111', secretAccessKey: KEY.secretAccessKey },
        ],
      },
      'aws.accounts[0].accessKeyId',
    ],
    [
      'an unknown partition (an account)',
      {
        accounts: [
          { accountId: '111111111111', roleName: 'R', partition: 'aws-moon' },
        ],
      },
      "aws.accounts[0].partition: 'aws-moon' is not an AWS partition; use one of aws-us-gov",
    ],
    [
      'an unknown partition (the defaults)',
      { accountDefaults: { roleName: 'R', partition: 'amazon' } },
      "aws.accountDefaults.partition: 'amazon' is not an AWS partition",
    ],
    [
      'a partition that contradicts the role ARN',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'arn:aws:iam::111111111111:role/x',
            partition: 'aws-cn',
          },
        ],
      },
      'aws.accounts[0].partition',
    ],
    [
      'a partition without a role',
      { accounts: [{ accountId: '111111111111', partition: 'aws', ...KEY }] },
      'aws.accounts[0].partition: a partition is configured but no roleName',
    ],
    [
      'an external ID without a role',
      { accounts: [{ accountId: '111111111111', externalId: 'x', ...KEY }] },
      'aws.accounts[0].externalId',
    ],
    [
      'a web identity token file without a role',
      { accounts: [{ accountId: '111111111111', webIdentityTokenFile: '/t' }] },
      'aws.accounts[0].webIdentityTokenFile',
    ],
    [
      'a web identity token file with static keys',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'R',
            webIdentityTokenFile: '/t',
            ...KEY,
          },
        ],
      },
      'aws.accounts[0].webIdentityTokenFile',
    ],
    [
      'a web identity token file with an external ID',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'R',
            webIdentityTokenFile: '/t',
            externalId: 'x',
          },
        ],
      },
      'aws.accounts[0].externalId: AssumeRoleWithWebIdentity takes no external ID',
    ],
    [
      'a default region without a default role',
      { accountDefaults: { region: 'eu-west-1' } },
      'aws.accountDefaults.region: a region is configured but no roleName',
    ],
    [
      'a region that is not one',
      { mainAccount: { region: 'US East' } },
      "aws.mainAccount.region: 'US East' is not an AWS region name",
    ],
    [
      'an STS endpoint that is not a URL',
      {
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'R',
            stsEndpoint: 'sts.local',
          },
        ],
      },
      "aws.accounts[0].stsEndpoint: 'sts.local' is not an http(s) URL",
    ],
    [
      'a role session name STS refuses',
      { accountDefaults: { roleName: 'R', roleSessionName: 'has spaces' } },
      "aws.accountDefaults.roleSessionName: 'has spaces' is not a role session name",
    ],
  ])('fails at startup on %s', (_, aws, message) => {
    expect(fromConfig(aws)).toThrow(
      `Invalid AWS credentials config at ${message}`,
    );
  });

  it('never puts a secret in the message', () => {
    const mistakes = [
      { mainAccount: { profile: 'p', ...KEY } },
      { mainAccount: { secretAccessKey: KEY.secretAccessKey } },
      { accounts: [{ accountId: '12', ...KEY }] },
      { accounts: [{ accountId: '111111111111', partition: 'x', ...KEY }] },
    ];
    for (const aws of mistakes) {
      expect(fromConfig(aws)).toThrow(/aws\./);
      expect(fromConfig(aws)).not.toThrow(KEY.secretAccessKey);
    }
  });

  it('names a value of the wrong type with its full key, as Backstage config does', () => {
    expect(
      fromConfig({ accounts: [{ accountId: '111111111111', roleName: 42 }] }),
    ).toThrow(/aws\.accounts\[0\]\.roleName/);
  });
});

describe('readAwsCredentialsConfig', () => {
  it('reads the keys of @backstage/integration-aws-node and the new ones', () => {
    const config = readAwsCredentialsConfig(
      new ConfigReader({
        mainAccount: { ...KEY, secretAccessKey: ` ${KEY.secretAccessKey}\n` },
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'ReadOnly',
            partition: 'aws-us-gov',
            region: 'us-gov-west-1',
            externalId: 'x',
            roleSessionName: 'portal',
            stsEndpoint: 'https://sts.us-gov-west-1.amazonaws.com',
          },
          {
            accountId: '222222222222',
            roleName: 'arn:aws-cn:iam::222222222222:role/team/ReadOnly',
          },
          {
            accountId: '333333333333',
            roleName: 'ReadOnly',
            region: 'cn-north-1',
          },
        ],
        accountDefaults: { roleName: 'ReadOnly', partition: 'aws' },
      }),
    );
    // Trimmed, as @backstage/integration-aws-node does: a pasted secret often ends in a newline.
    expect(config.mainAccount.secretAccessKey).toBe(KEY.secretAccessKey);
    expect(config.accounts.map(a => a.roleArn)).toEqual([
      'arn:aws-us-gov:iam::111111111111:role/ReadOnly',
      'arn:aws-cn:iam::222222222222:role/team/ReadOnly',
      'arn:aws-cn:iam::333333333333:role/ReadOnly',
    ]);
    expect(config.accounts[0]).toMatchObject({
      configKey: 'aws.accounts[0]',
      roleSessionName: 'portal',
      stsEndpoint: 'https://sts.us-gov-west-1.amazonaws.com',
    });
    expect(config.accounts[1].roleSessionName).toBe('backstage');
    expect(config.accountDefaults).toMatchObject({
      roleName: 'ReadOnly',
      roleSessionName: 'backstage',
    });
  });

  // AWS European Sovereign Cloud, the newest partition: its region names start `eusc-`.
  it('accepts an aws-eusc region, and puts the role there in that partition', () => {
    const config = readAwsCredentialsConfig(
      new ConfigReader({
        mainAccount: { region: 'eusc-de-east-1' },
        accounts: [
          {
            accountId: '111111111111',
            roleName: 'ReadOnly',
            region: 'eusc-de-east-1',
          },
        ],
      }),
    );
    expect(config.mainAccount.region).toBe('eusc-de-east-1');
    expect(config.accounts[0]).toMatchObject({
      region: 'eusc-de-east-1',
      roleArn: 'arn:aws-eusc:iam::111111111111:role/ReadOnly',
    });
  });
});
