import type {
  AwsDirectoryKind,
  AwsDirectorySyncRun,
  AwsDirectorySyncStatus,
} from '@aws-bridge/plugin-aws-common';
import {
  AdminErrorDescription,
  describeAdminError,
} from './describeAdminError';

const DIRECTORIES: Record<AwsDirectoryKind, string> = {
  'cognito-user-pool': 'Cognito user pool',
  'identity-store': 'Identity Center store',
};

/** Who started a run, in words. */
export const SYNC_TRIGGERS: Record<AwsDirectorySyncRun['trigger'], string> = {
  schedule: 'On schedule',
  admin: 'Started by an admin',
};

type Outcome = 'failed' | 'not run yet' | 'succeeded';
const OUTCOME_ORDER: Record<Outcome, number> = {
  failed: 0,
  'not run yet': 1,
  succeeded: 2,
};

/** One row of the syncs table: the sync plus the text its columns show, search and sort by. */
export type SyncRow = AwsDirectorySyncStatus & {
  /** `Cognito user pool us-east-1_X` */
  sourceText: string;
  /** `us-east-1 · main account` */
  whereText: string;
  /** `all users`, or the groups whose members are synced. */
  filterText: string;
  /** The last run's end, for sorting; empty when there is none. */
  lastRunAt: string;
  outcome: Outcome;
  /** `132 users, 2 groups` after a successful run. */
  countsText?: string;
  /** The page is waiting for a run it started. */
  syncing: boolean;
  /** Why the run started from the page failed. */
  runError?: AdminErrorDescription;
};

/** Failing syncs first, then those not run yet, then by ID: what needs an admin comes first. */
export const compareSyncRows = (a: SyncRow, b: SyncRow) =>
  OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
  a.id.localeCompare(b.id);

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The table's rows: each sync with its texts, whether the page is running it (`syncing`) and
 * why a run started from the page failed (`runErrors`), sorted by {@link compareSyncRows}.
 */
export function syncRows(
  syncs: AwsDirectorySyncStatus[],
  syncing: ReadonlySet<string>,
  runErrors: ReadonlyMap<string, unknown>,
): SyncRow[] {
  return syncs
    .map((sync): SyncRow => {
      const run = sync.lastRun;
      const runError = runErrors.get(sync.id);
      return {
        ...sync,
        sourceText: `${DIRECTORIES[sync.kind] ?? sync.kind} ${sync.directoryId}`,
        whereText: `${sync.region} · ${sync.accountId ? `account ${sync.accountId}` : 'main account'}`,
        filterText: sync.groups?.length ? sync.groups.join(', ') : 'all users',
        lastRunAt: run?.finishedAt ?? '',
        outcome: run?.outcome ?? 'not run yet',
        countsText:
          run?.outcome === 'succeeded'
            ? `${plural(run.users ?? 0, 'user')}, ${plural(run.groups ?? 0, 'group')}`
            : undefined,
        syncing: syncing.has(sync.id),
        runError:
          runError === undefined
            ? undefined
            : describeAdminError(runError, `the ${sync.id} sync`, 'run'),
      };
    })
    .sort(compareSyncRows);
}
