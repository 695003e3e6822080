import {
  DEFAULT_FIXTURE_PATH,
  startAwsEmulator,
} from '@aws-bridge/aws-emulator';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isolateAwsEnvironment } from './__testUtils__';
import { DefaultAwsCredentialsManager } from './DefaultAwsCredentialsManager';

// The demo's app-config.yaml and the emulator's demo fixture must agree: every account the
// demo configures gets credentials, and STS says who they are, except fraud-risk, which the
// demo breaks on purpose (its role refuses the demo) so the admin page has a failing account.

isolateAwsEnvironment();

it('resolves every account of the demo config against the demo fixture', async () => {
  // Jest runs in the package directory; the demo config is at the repository root.
  const demoConfig = parse(
    fs.readFileSync(
      path.resolve(process.cwd(), '../../app-config.yaml'),
      'utf8',
    ),
  );
  const emulator = await startAwsEmulator({ fixture: DEFAULT_FIXTURE_PATH });
  process.env.AWS_ENDPOINT_URL = emulator.url;
  try {
    const manager = DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader(demoConfig),
    );
    await manager.getCredentialProvider();
    const accounts = await manager.describeAccounts();
    expect(
      accounts.map(({ configKey, ok, callerArn, lastError, alias }) => ({
        configKey,
        ok,
        callerArn,
        lastError,
        alias,
      })),
    ).toEqual([
      {
        configKey: 'aws.mainAccount',
        ok: true,
        callerArn: 'arn:aws:iam::999999999999:user/backstage',
        lastError: undefined,
        alias: 'aws-bridge-platform',
      },
      {
        configKey: 'aws.accounts[0]',
        ok: true,
        callerArn:
          'arn:aws:sts::111111111111:assumed-role/BackstageReadOnly/backstage',
        lastError: undefined,
        alias: 'payments-prod',
      },
      {
        configKey: 'aws.accounts[1]',
        ok: true,
        callerArn:
          'arn:aws:sts::222222222222:assumed-role/BackstageReadOnly/backstage',
        lastError: undefined,
        alias: 'orders-staging',
      },
      {
        configKey: 'aws.accounts[2]',
        ok: false,
        callerArn: undefined,
        lastError:
          'User: arn:aws:iam::999999999999:user/backstage is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/BackstageReadOnly',
        alias: undefined,
      },
    ]);
    expect(accounts[3].advice).toMatch(
      /^AWS refused to let the main account's credentials \(aws\.mainAccount\) assume arn:aws:iam::333333333333:role\/BackstageReadOnly/,
    );
  } finally {
    await emulator.stop();
  }
});
