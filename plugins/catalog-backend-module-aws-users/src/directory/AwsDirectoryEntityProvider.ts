import {
  AWS_DIRECTORY_SYNC_SKIPS_KEPT,
  AwsDirectorySyncRun,
  AwsDirectorySyncSkip,
  AwsDirectorySyncStatus,
} from '@aws-bridge/plugin-aws-common';
import { awsErrorCodeOf, AwsDirectorySync } from '@aws-bridge/plugin-aws-node';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { CatalogHolders } from './catalogHolders';
import { directoryLocation } from './defaultTransformers';
import type { DirectorySyncRunStore } from './DirectorySyncRunStore';
import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';
import { planDirectoryEntities } from './planDirectoryEntities';
import { adviseOnSyncFailure } from './syncErrorAdvice';
import {
  AwsDirectoryContext,
  AwsDirectoryGroupTransformer,
  AwsDirectoryReader,
  AwsDirectoryUserTransformer,
} from './types';

export type AwsDirectoryEntityProviderOptions = {
  config: AwsDirectoryProviderConfig;
  reader: AwsDirectoryReader;
  userTransformer: AwsDirectoryUserTransformer;
  groupTransformer: AwsDirectoryGroupTransformer;
  /**
   * The Users and Groups other sources have in the catalog now (read through its API): the
   * names and emails this sync must leave alone. `location` is the sync's own.
   */
  readHolders: (location: string) => Promise<CatalogHolders>;
  logger: LoggerService;
  /** Keeps the last run in the catalog's database, so every replica's admin page shows it. */
  runs: Pick<DirectorySyncRunStore, 'get' | 'set'>;
  /** Runs the sync on `config.schedule`; without one, it runs only when an admin starts it. */
  scheduler?: SchedulerService;
};

/**
 * Mirrors one AWS directory into the catalog: every run reads the whole directory, maps it,
 * and replaces this provider's entities in one full mutation, so people who left disappear.
 * A run that fails anywhere (a page, a credential) applies nothing: the catalog keeps what
 * the last good run gave it.
 *
 * The last run is kept in the catalog's database, which every replica of the backend shares,
 * so each replica describes the last run whichever replica made it. A run in progress is this
 * replica's own: `running` says whether this replica is running the sync.
 */
export class AwsDirectoryEntityProvider
  implements EntityProvider, AwsDirectorySync
{
  readonly id: string;
  private connection?: EntityProviderConnection;
  private running?: Promise<AwsDirectorySyncStatus>;
  /** This replica's last run, for when the database could not be written or read. */
  private localLastRun?: AwsDirectorySyncRun;
  private readonly context: AwsDirectoryContext;

  constructor(private readonly options: AwsDirectoryEntityProviderOptions) {
    this.id = options.config.id;
    this.context = {
      providerId: options.config.id,
      kind: options.config.kind,
      directoryId: options.config.directoryId,
      namespace: options.config.namespace,
      idpIssuer: options.config.idpIssuer,
    };
  }

  getProviderName(): string {
    return `AwsDirectoryEntityProvider:${this.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { scheduler, config } = this.options;
    if (scheduler && config.schedule) {
      await scheduler.scheduleTask({
        id: `${this.getProviderName()}:refresh`,
        ...config.schedule,
        // The scheduler aborts this signal when the run passes `schedule.timeout`, and still
        // waits for the run to end: handed to the SDK calls, it ends the run then.
        fn: async abortSignal => {
          await this.run('schedule', abortSignal);
        },
      });
    }
  }

  async describe(): Promise<AwsDirectorySyncStatus> {
    return this.status(this.running !== undefined, await this.lastRun());
  }

  private status(
    running: boolean,
    lastRun: AwsDirectorySyncRun | undefined,
  ): AwsDirectorySyncStatus {
    const { config } = this.options;
    return {
      id: config.id,
      configKey: config.configKey,
      kind: config.kind,
      directoryId: config.directoryId,
      accountId: config.accountId,
      region: config.region,
      groups: config.groups,
      schedule: config.scheduleText,
      running,
      lastRun,
    };
  }

  runNow(): Promise<AwsDirectorySyncStatus> {
    return this.run('admin');
  }

  /**
   * Runs the sync, or joins the run in progress on this backend. `signal` cancels a run this
   * call starts; a run joined keeps the signal it started with.
   */
  run(
    trigger: AwsDirectorySyncRun['trigger'],
    signal?: AbortSignal,
  ): Promise<AwsDirectorySyncStatus> {
    if (!this.connection) {
      return Promise.reject(
        new ServiceUnavailableError(
          `The directory sync ${this.id} cannot run yet: the catalog has not started it`,
        ),
      );
    }
    this.running ??= this.runOnce(this.connection, trigger, signal).finally(
      () => {
        this.running = undefined;
      },
    );
    return this.running;
  }

  private async runOnce(
    connection: EntityProviderConnection,
    trigger: AwsDirectorySyncRun['trigger'],
    signal: AbortSignal | undefined,
  ): Promise<AwsDirectorySyncStatus> {
    const { config, logger } = this.options;
    const started = Date.now();
    let result: Pick<
      AwsDirectorySyncRun,
      'outcome' | 'users' | 'groups' | 'error' | 'skipped' | 'skippedTotal'
    >;
    try {
      const snapshot = await this.options.reader.read(config.groups, signal);
      const location = directoryLocation(this.context);
      const { entities, skips } = await planDirectoryEntities({
        snapshot,
        context: this.context,
        userTransformer: this.options.userTransformer,
        groupTransformer: this.options.groupTransformer,
        groupMapping: config.groupMapping,
        holders: await this.options.readHolders(location),
      });
      // No location key: an entity with one (a catalog file's, another provider's) replaces
      // an entity without, so a file that brings a name after the sync wrote it still wins.
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity })),
      });
      const users = entities.filter(e => e.kind === 'User').length;
      result = {
        outcome: 'succeeded',
        users,
        groups: entities.length - users,
        ...(skips.length > 0 && {
          skipped: skips.slice(0, AWS_DIRECTORY_SYNC_SKIPS_KEPT),
          skippedTotal: skips.length,
        }),
      };
      logger.info(
        `Directory sync ${this.id} (${config.directoryId}): ${users} users, ${result.groups} groups`,
      );
      if (skips.length > 0) logSkips(logger, this.id, skips);
    } catch (error) {
      const code = awsErrorCodeOf(error as Error);
      result = {
        outcome: 'failed',
        error: {
          code,
          message: (error as Error).message,
          advice: adviseOnSyncFailure(code, config),
        },
      };
      logger.warn(
        `Directory sync ${this.id} (${config.directoryId}) failed, the catalog keeps its last good run: ${code}: ${(error as Error).message}`,
      );
    }
    const finished = Date.now();
    const run: AwsDirectorySyncRun = {
      trigger,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      ...result,
    };
    this.localLastRun = run;
    await this.options.runs
      .set(this.id, run)
      .catch(error =>
        logger.warn(
          `Could not keep directory sync ${this.id}'s last run in the database, other replicas will not see it: ${error}`,
        ),
      );
    // The run just made is the last run: no need to read it back.
    return this.status(false, run);
  }

  /**
   * The last run any replica made, as the database has it; this replica's own when it is later
   * (its write failed) or the database cannot be read.
   */
  private async lastRun(): Promise<AwsDirectorySyncRun | undefined> {
    const local = this.localLastRun;
    let stored: AwsDirectorySyncRun | undefined;
    try {
      stored = await this.options.runs.get(this.id);
    } catch (error) {
      this.options.logger.warn(
        `Could not read directory sync ${this.id}'s last run from the database, showing this replica's: ${error}`,
      );
      return local;
    }
    if (!stored) return local;
    if (!local) return stored;
    return local.finishedAt > stored.finishedAt ? local : stored;
  }
}

const SKIPS_LOGGED = 20;

/** One warning per run naming what was left out, the first few in full. */
function logSkips(
  logger: LoggerService,
  id: string,
  skips: AwsDirectorySyncSkip[],
) {
  const shown = skips
    .slice(0, SKIPS_LOGGED)
    .map(s => `${s.kind} ${s.name} (${s.reason}): ${s.message}`);
  const more =
    skips.length > SKIPS_LOGGED
      ? `; and ${skips.length - SKIPS_LOGGED} more, listed on /aws-admin`
      : '';
  logger.warn(
    `Directory sync ${id} left out ${skips.length} names, emails or memberships that are not its own: ${shown.join('; ')}${more}`,
  );
}
