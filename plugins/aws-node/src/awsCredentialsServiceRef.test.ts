import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { MAIN_KEY, useTestEmulator } from './__testUtils__';
import { awsCredentialsServiceRef } from './awsCredentialsServiceRef';
import type { AwsCredentialsService } from './types';

// The service in a real Backstage backend: one manager for every plugin, built from config by
// the default factory.

const { emulator } = useTestEmulator();

/** A plugin that hands the service it was given to the test. */
function pluginReceiving(
  pluginId: string,
  receive: (service: AwsCredentialsService) => void,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { credentials: awsCredentialsServiceRef },
        async init({ credentials }) {
          receive(credentials);
        },
      });
    },
  });
}

it('gives every plugin the same manager, so an account is assumed once for all', async () => {
  const received: AwsCredentialsService[] = [];
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          aws: {
            mainAccount: { ...MAIN_KEY },
            accountDefaults: { roleName: 'ReadOnly' },
          },
        },
      }),
      pluginReceiving('first', s => received.push(s)),
      pluginReceiving('second', s => received.push(s)),
    ],
  });
  try {
    expect(received).toHaveLength(2);
    expect(received[0]).toBe(received[1]);
    for (const service of received) {
      const provider = await service.getCredentialProvider({
        accountId: '222222222222',
      });
      await provider.sdkCredentialProvider();
    }
    expect(emulator().callCount('sts:AssumeRole')).toBe(1);
    const accounts = await received[0].describeAccounts();
    expect(accounts.map(a => [a.configKey, a.callerArn])).toEqual([
      ['aws.mainAccount', 'arn:aws:iam::999999999999:user/backstage'],
      [
        'aws.accountDefaults',
        'arn:aws:sts::222222222222:assumed-role/ReadOnly/backstage',
      ],
    ]);
    const reported = JSON.stringify(accounts);
    expect(reported).not.toContain(MAIN_KEY.secretAccessKey);
  } finally {
    await backend.stop();
  }
});

it('stops the backend from starting when the config is wrong, naming the key', async () => {
  await expect(
    startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: { aws: { accounts: [{ accountId: '1234', roleName: 'R' }] } },
        }),
        pluginReceiving('first', () => {}),
      ],
    }),
  ).rejects.toThrow(
    "Invalid AWS credentials config at aws.accounts[0].accountId: '1234' is not an AWS account ID",
  );
});
