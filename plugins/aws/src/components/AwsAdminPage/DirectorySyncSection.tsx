import type {
  AwsDirectoryKind,
  AwsDirectorySyncRun,
  AwsDirectorySyncStatus,
} from '@aws-bridge/plugin-aws-common';
import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import SyncIcon from '@material-ui/icons/Sync';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import {
  AdminErrorDescription,
  describeAdminError,
} from './describeAdminError';
import { formatElapsed } from './formatTime';
import { SectionError } from './SectionError';
import { Timestamp } from './Timestamp';
import { adminTableOptions, Caption, matchesText } from './tableParts';
import { useInFlight } from './useInFlight';

const TITLE = 'User directory sync';
const CATALOG_MODULE = '@aws-bridge/plugin-catalog-backend-module-aws-users';

const DIRECTORIES: Record<AwsDirectoryKind, string> = {
  'cognito-user-pool': 'Cognito user pool',
  'identity-store': 'Identity Center store',
};

const TRIGGERS: Record<AwsDirectorySyncRun['trigger'], string> = {
  schedule: 'On schedule',
  admin: 'Started by an admin',
};

type Outcome = 'failed' | 'not run yet' | 'succeeded';
const OUTCOME_ORDER: Record<Outcome, number> = {
  failed: 0,
  'not run yet': 1,
  succeeded: 2,
};

type SyncRow = AwsDirectorySyncStatus & {
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

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function syncRows(
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
    .sort(
      (a, b) =>
        OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
        a.id.localeCompare(b.id),
    );
}

function SyncOutcome({ row }: { row: SyncRow }) {
  const run = row.lastRun;
  let outcome: React.ReactNode;
  if (!run) {
    outcome = <StatusPending>Not run yet</StatusPending>;
  } else if (run.outcome === 'succeeded') {
    outcome = (
      <>
        <StatusOK>Succeeded</StatusOK>
        <Caption>{row.countsText}</Caption>
      </>
    );
  } else {
    outcome = (
      <>
        <StatusError>
          Failed{run.error?.code ? `: ${run.error.code}` : ''}
        </StatusError>
        {run.error?.advice && (
          <Typography variant="body2" style={{ marginTop: 4 }}>
            {run.error.advice}
          </Typography>
        )}
        <Caption>AWS said: {run.error?.message || 'no reason given'}</Caption>
        <Caption>The catalog was left as the last good run wrote it.</Caption>
      </>
    );
  }
  return (
    <Box>
      {outcome}
      {row.runError && (
        <Box mt={1}>
          <Typography variant="body2" color="error">
            {row.runError.title}
          </Typography>
          <Caption>{row.runError.message}</Caption>
        </Box>
      )}
    </Box>
  );
}

function LastRun({ row }: { row: SyncRow }) {
  const run = row.lastRun;
  return (
    <>
      {run ? (
        <>
          <Typography variant="body2">
            <Timestamp at={run.finishedAt} />
          </Typography>
          <Caption>
            {TRIGGERS[run.trigger] ?? run.trigger}, took{' '}
            {formatElapsed(run.durationMs)}
          </Caption>
        </>
      ) : (
        <Caption>
          {row.schedule === 'manual'
            ? 'Never: it runs only when started here'
            : 'None yet'}
        </Caption>
      )}
      {row.running && !row.syncing && (
        <Caption>A run is in progress on the backend</Caption>
      )}
    </>
  );
}

function columns(syncNow: (id: string) => void): TableColumn<SyncRow>[] {
  return [
    {
      title: 'Sync',
      width: '13%',
      field: 'id',
      highlight: true,
      render: row => (
        <>
          <Typography variant="body2">{row.id}</Typography>
          <Caption>{row.configKey}</Caption>
        </>
      ),
    },
    {
      title: 'Source',
      width: '18%',
      field: 'sourceText',
      customFilterAndSearch: (term, row) =>
        matchesText(term, row.sourceText, row.whereText),
      render: row => (
        <>
          <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
            {row.sourceText}
          </Typography>
          <Caption>{row.whereText}</Caption>
        </>
      ),
    },
    {
      title: 'Group filter',
      width: '12%',
      field: 'filterText',
      render: row =>
        row.groups?.length ? (
          <Typography variant="body2">{row.filterText}</Typography>
        ) : (
          <Caption>{row.filterText}</Caption>
        ),
    },
    { title: 'Schedule', width: '10%', field: 'schedule' },
    {
      title: 'Last run',
      width: '13%',
      field: 'lastRunAt',
      customFilterAndSearch: (term, row) =>
        matchesText(
          term,
          row.lastRun ? TRIGGERS[row.lastRun.trigger] : 'none',
          row.running ? 'running' : undefined,
        ),
      render: row => <LastRun row={row} />,
    },
    {
      title: 'Outcome',
      width: '24%',
      field: 'outcome',
      customSort: (a, b) =>
        OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
        a.id.localeCompare(b.id),
      customFilterAndSearch: (term, row) =>
        matchesText(
          term,
          row.outcome,
          row.countsText,
          row.lastRun?.error?.code,
          row.lastRun?.error?.advice,
          row.lastRun?.error?.message,
          row.runError?.title,
        ),
      render: row => <SyncOutcome row={row} />,
    },
    {
      title: '',
      width: '10%',
      sorting: false,
      searchable: false,
      render: row => (
        <Tooltip title={`Read ${row.sourceText} now and update the catalog`}>
          <span>
            <Button
              size="small"
              variant="outlined"
              disabled={row.syncing}
              startIcon={
                row.syncing ? (
                  <CircularProgress size={14} color="inherit" />
                ) : (
                  <SyncIcon fontSize="small" />
                )
              }
              onClick={() => syncNow(row.id)}
              style={{ whiteSpace: 'nowrap' }}
            >
              {row.syncing ? 'Syncing…' : 'Sync now'}
            </Button>
          </span>
        </Tooltip>
      ),
    },
  ];
}

function NoSyncs({ installed }: { installed: boolean }) {
  return (
    <InfoCard title={TITLE}>
      {installed ? (
        <WarningPanel
          severity="info"
          defaultExpanded
          title="No user directory sync is configured"
          message="Nothing is configured under catalog.providers.awsDirectory, so no Cognito user pool or Identity Center store is synced into the catalog. Add one there to have its users and groups in the catalog; docs/user-provisioning.md says how."
        />
      ) : (
        <WarningPanel
          severity="info"
          defaultExpanded
          title="The user directory sync is not installed in this backend"
          message={`The catalog module ${CATALOG_MODULE} is not installed in this backend, so no Cognito user pool or Identity Center store is synced into the catalog. To sync one, add the module to the backend and configure catalog.providers.awsDirectory; docs/user-provisioning.md says how.`}
        />
      )}
    </InfoCard>
  );
}

/**
 * The user directory syncs (`catalog.providers.awsDirectory`) with their last runs, from
 * `GET /api/aws/admin/directory-syncs`. An admin can run one now; the backend reads the whole
 * directory, writes the catalog, and answers the sync's new status, which replaces its row.
 */
export function DirectorySyncSection() {
  const adminApi = useApi(awsAdminApiRef);
  const loaded = useAsyncRetry(() => adminApi.directorySyncs(), [adminApi]);
  // Statuses answered by "Sync now", by sync; a row shows whichever of its statuses is newer.
  const [ran, setRan] = useState<ReadonlyMap<string, AwsDirectorySyncStatus>>(
    new Map(),
  );
  const { inFlight: syncing, track } = useInFlight<string>();
  const [runErrors, setRunErrors] = useState<ReadonlyMap<string, unknown>>(
    new Map(),
  );

  const syncNow = useCallback(
    async (id: string) => {
      setRunErrors(current => {
        const next = new Map(current);
        next.delete(id);
        return next;
      });
      await track(id, async () => {
        try {
          const status = await adminApi.runDirectorySync(id);
          setRan(current => new Map(current).set(id, status));
        } catch (error) {
          setRunErrors(current => new Map(current).set(id, error));
        }
      });
    },
    [adminApi, track],
  );

  if (loaded.error) {
    return (
      <SectionError
        error={loaded.error}
        what="the user directory syncs"
        onRetry={loaded.retry}
      />
    );
  }
  if (!loaded.value) return <Progress />;
  const { installed } = loaded.value;
  if (loaded.value.syncs.length === 0) {
    return <NoSyncs installed={installed} />;
  }

  const syncs = loaded.value.syncs.map(sync => {
    const again = ran.get(sync.id);
    const newer =
      again &&
      (again.lastRun?.finishedAt ?? '') > (sync.lastRun?.finishedAt ?? '');
    return newer ? again : sync;
  });
  const rows = syncRows(syncs, syncing, runErrors);
  const failing = rows.filter(r => r.outcome === 'failed').length;
  return (
    <Table<SyncRow>
      title={`${TITLE} (${rows.length}${failing ? `, ${failing} failing` : ', none failing'})`}
      subtitle="Each Cognito user pool or Identity Center store synced into the catalog: what it reads, when, and how its last run went"
      data={rows}
      columns={columns(syncNow)}
      options={adminTableOptions(rows.length)}
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: 'Read the syncs again',
          isFreeAction: true,
          onClick: () => loaded.retry(),
        },
      ]}
    />
  );
}
