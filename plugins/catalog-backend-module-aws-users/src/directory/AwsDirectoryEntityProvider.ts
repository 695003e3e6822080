import type {
  AwsDirectorySyncRun,
  AwsDirectorySyncStatus,
} from '@aws-bridge/plugin-aws-common';
import { awsErrorCodeOf, AwsDirectorySync } from '@aws-bridge/plugin-aws-node';
import type {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { directoryLocation } from './defaultTransformers';
import type { AwsDirectoryProviderConfig } from './readDirectoryConfig';
import { adviseOnSyncFailure } from './syncErrorAdvice';
import {
  AwsDirectoryContext,
  AwsDirectoryGroupTransformer,
  AwsDirectoryReader,
  AwsDirectorySnapshot,
  AwsDirectoryUserTransformer,
} from './types';

/** How long the last run is remembered in the cache (shared by replicas when the cache is). */
const LAST_RUN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type AwsDirectoryEntityProviderOptions = {
  config: AwsDirectoryProviderConfig;
  reader: AwsDirectoryReader;
  userTransformer: AwsDirectoryUserTransformer;
  groupTransformer: AwsDirectoryGroupTransformer;
  logger: LoggerService;
  /** Keeps the last run, so every replica's admin page shows it. */
  cache: CacheService;
  /** Runs the sync on `config.schedule`; without one, it runs only when an admin starts it. */
  scheduler?: SchedulerService;
};

/**
 * Mirrors one AWS directory into the catalog: every run reads the whole directory, maps it,
 * and replaces this provider's entities in one full mutation, so people who left disappear.
 * A run that fails anywhere (a page, a credential) applies nothing: the catalog keeps what
 * the last good run gave it.
 */
export class AwsDirectoryEntityProvider
  implements EntityProvider, AwsDirectorySync
{
  readonly id: string;
  private connection?: EntityProviderConnection;
  private running?: Promise<AwsDirectorySyncStatus>;
  /** This replica's last run, for when the cache has lost it or cannot be read. */
  private localLastRun?: AwsDirectorySyncRun;
  private readonly context: AwsDirectoryContext;

  constructor(private readonly options: AwsDirectoryEntityProviderOptions) {
    this.id = options.config.id;
    this.context = {
      providerId: options.config.id,
      kind: options.config.kind,
      directoryId: options.config.directoryId,
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
      'outcome' | 'users' | 'groups' | 'error'
    >;
    try {
      const snapshot = await this.options.reader.read(config.groups, signal);
      const entities = await this.toEntities(snapshot);
      const locationKey = directoryLocation(this.context);
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey })),
      });
      const users = entities.filter(e => e.kind === 'User').length;
      result = {
        outcome: 'succeeded',
        users,
        groups: entities.length - users,
      };
      logger.info(
        `Directory sync ${this.id} (${config.directoryId}): ${users} users, ${result.groups} groups`,
      );
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
    await this.options.cache
      .set(this.cacheKey(), run, { ttl: LAST_RUN_TTL_MS })
      .catch(error =>
        logger.warn(
          `Could not keep directory sync ${this.id}'s last run in the cache: ${error}`,
        ),
      );
    this.localLastRun = run;
    // The run just made is the last run: no need to read it back from the cache.
    return this.status(false, run);
  }

  private cacheKey() {
    return `aws-directory-sync:${this.id}:last-run`;
  }

  private async lastRun(): Promise<AwsDirectorySyncRun | undefined> {
    try {
      const cached = (await this.options.cache.get(this.cacheKey())) as
        AwsDirectorySyncRun | undefined;
      return cached ?? this.localLastRun;
    } catch {
      return this.localLastRun;
    }
  }

  private async toEntities(snapshot: AwsDirectorySnapshot): Promise<Entity[]> {
    const { userTransformer, groupTransformer } = this.options;
    const entities: Entity[] = [];
    // Each user's groups, by user ID: the names the group transformer gave the groups it kept.
    const memberOf = new Map<string, string[]>();
    for (const group of snapshot.groups) {
      const entity = await groupTransformer(group, this.context);
      if (!entity) continue;
      entities.push(entity);
      for (const userId of group.memberIds) {
        const groups = memberOf.get(userId) ?? [];
        groups.push(entity.metadata.name);
        memberOf.set(userId, groups);
      }
    }
    for (const user of snapshot.users) {
      const entity = await userTransformer(
        user,
        (memberOf.get(user.id) ?? []).sort(),
        this.context,
      );
      if (entity) entities.push(entity);
    }
    return entities;
  }
}
