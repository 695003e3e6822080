import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import { AwsDirectoryEntityProvider } from './AwsDirectoryEntityProvider';
import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';
import type { AwsDirectoryReader } from './types';

// The scheduler's timeout aborts the task's signal and then waits for the task: the signal
// must reach the directory reader, whose SDK calls it cancels (directoryReaders.test.ts).

const config: AwsDirectoryProviderConfig = {
  id: 'corp',
  configKey: 'catalog.providers.awsDirectory.corp',
  kind: 'cognito-user-pool',
  directoryId: 'us-east-1_Corp',
  region: 'us-east-1',
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
  scheduleText: 'every 30 minutes',
};

it("hands the scheduler's abort signal to the reader, and reports the cancelled run", async () => {
  let task: SchedulerServiceTaskFunction | undefined;
  const signals: (AbortSignal | undefined)[] = [];
  const reader: AwsDirectoryReader = {
    async read(_groups, signal) {
      signals.push(signal);
      signal?.throwIfAborted();
      return { users: [], groups: [] };
    },
  };
  const provider = new AwsDirectoryEntityProvider({
    config,
    reader,
    userTransformer: async () => undefined,
    groupTransformer: async () => undefined,
    logger: mockServices.logger.mock(),
    cache: mockServices.cache.mock({
      get: async () => undefined,
      set: async () => {},
    }),
    scheduler: {
      ...mockServices.scheduler.mock(),
      scheduleTask: async definition => {
        task = definition.fn as SchedulerServiceTaskFunction;
      },
    },
  });
  await provider.connect({ applyMutation: jest.fn(), refresh: jest.fn() });

  const timedOut = new AbortController();
  timedOut.abort();
  await task!(timedOut.signal);

  expect(signals).toEqual([timedOut.signal]);
  expect((await provider.describe()).lastRun).toMatchObject({
    trigger: 'schedule',
    outcome: 'failed',
  });
});
