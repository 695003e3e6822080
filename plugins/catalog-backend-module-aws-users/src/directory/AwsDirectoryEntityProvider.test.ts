import type { AwsDirectorySyncRun } from '@aws-bridge/plugin-aws-common';
import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import { AwsDirectoryEntityProvider } from './AwsDirectoryEntityProvider';
import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';
import type { AwsDirectoryReader } from './types';

const config: AwsDirectoryProviderConfig = {
  id: 'corp',
  configKey: 'catalog.providers.awsDirectory.corp',
  kind: 'cognito-user-pool',
  directoryId: 'us-east-1_Corp',
  region: 'us-east-1',
  namespace: 'default',
  groupMapping: new Map(),
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
  scheduleText: 'every 30 minutes',
};

// The scheduler's timeout aborts the task's signal and then waits for the task: the signal
// must reach the directory reader, whose SDK calls it cancels (directoryReaders.test.ts).
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
    readHolders: async () => ({ byRef: new Map(), byEmail: new Map() }),
    logger: mockServices.logger.mock(),
    runs: { get: async () => undefined, set: async () => {} },
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

// Without the catalog's names a run cannot tell which are its own: it writes nothing.
it('fails a run that cannot read the catalog, and applies nothing', async () => {
  const applyMutation = jest.fn();
  const provider = new AwsDirectoryEntityProvider({
    config: { ...config, schedule: undefined, scheduleText: 'manual' },
    reader: { read: async () => ({ users: [], groups: [] }) },
    userTransformer: async () => undefined,
    groupTransformer: async () => undefined,
    readHolders: async () => {
      throw new Error('catalog answered 503');
    },
    logger: mockServices.logger.mock(),
    runs: { get: async () => undefined, set: async () => {} },
  });
  await provider.connect({ applyMutation, refresh: jest.fn() });

  const status = await provider.runNow();

  expect(status.lastRun).toMatchObject({
    outcome: 'failed',
    error: { message: 'catalog answered 503' },
  });
  expect(applyMutation).not.toHaveBeenCalled();
});

// The last run is in the database every replica shares (DirectorySyncRunStore); when the
// database cannot be written or read, the page shows what this replica knows.
describe('the last run', () => {
  const emptyDirectory: AwsDirectoryReader = {
    read: async () => ({ users: [], groups: [] }),
  };
  const otherReplicasRun: AwsDirectorySyncRun = {
    trigger: 'schedule',
    startedAt: '2000-01-01T00:00:00.000Z',
    finishedAt: '2000-01-01T00:00:01.000Z',
    durationMs: 1000,
    outcome: 'succeeded',
    users: 7,
    groups: 2,
  };

  async function provider(runs: {
    get(id: string): Promise<AwsDirectorySyncRun | undefined>;
    set(id: string, run: AwsDirectorySyncRun): Promise<void>;
  }) {
    const logger = mockServices.logger.mock();
    const p = new AwsDirectoryEntityProvider({
      config: { ...config, schedule: undefined, scheduleText: 'manual' },
      reader: emptyDirectory,
      userTransformer: async () => undefined,
      groupTransformer: async () => undefined,
      readHolders: async () => ({ byRef: new Map(), byEmail: new Map() }),
      logger,
      runs,
    });
    await p.connect({ applyMutation: jest.fn(), refresh: jest.fn() });
    return { provider: p, logger };
  }

  it('is written to the database after a run, and read from it', async () => {
    const stored = new Map<string, AwsDirectorySyncRun>();
    const runs = {
      get: jest.fn(async (id: string) => stored.get(id)),
      set: jest.fn(async (id: string, run: AwsDirectorySyncRun) => {
        stored.set(id, run);
      }),
    };
    const { provider: p } = await provider(runs);

    const status = await p.runNow();
    expect(runs.set).toHaveBeenCalledWith('corp', status.lastRun);
    expect(status.lastRun).toMatchObject({ trigger: 'admin', users: 0 });

    // Another replica ran it since.
    const later = {
      ...otherReplicasRun,
      finishedAt: '2999-01-01T00:00:00.000Z',
    };
    stored.set('corp', later);
    expect((await p.describe()).lastRun).toEqual(later);
    expect(runs.get).toHaveBeenCalledWith('corp');
  });

  it("is another replica's when this one never ran", async () => {
    const { provider: p } = await provider({
      get: async () => otherReplicasRun,
      set: async () => {},
    });

    expect(await p.describe()).toMatchObject({
      running: false,
      lastRun: otherReplicasRun,
    });
  });

  it("is this replica's when the database could not keep it", async () => {
    const { provider: p, logger } = await provider({
      // An older run of another replica: this replica's is later.
      get: async () => otherReplicasRun,
      set: async () => {
        throw new Error('connection refused');
      },
    });

    const status = await p.runNow();

    expect(status.lastRun).toMatchObject({ trigger: 'admin', users: 0 });
    expect((await p.describe()).lastRun).toEqual(status.lastRun);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "Could not keep directory sync corp's last run in the database",
      ),
    );
  });

  it("is this replica's when the database cannot be read", async () => {
    const { provider: p, logger } = await provider({
      get: async () => {
        throw new Error('connection refused');
      },
      set: async () => {},
    });
    expect((await p.describe()).lastRun).toBeUndefined();

    const status = await p.runNow();

    expect((await p.describe()).lastRun).toEqual(status.lastRun);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "Could not read directory sync corp's last run from the database",
      ),
    );
  });
});
