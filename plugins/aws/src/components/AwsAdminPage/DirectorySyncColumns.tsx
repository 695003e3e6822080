import {
  StatusError,
  StatusOK,
  StatusPending,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import { compareSyncRows, SYNC_TRIGGERS, SyncRow } from './directorySyncRows';
import { formatElapsed } from './formatTime';
import { skippedText, SyncSkipReport } from './SyncSkipReport';
import { Caption, matchesText, TextWithCaption } from './tableParts';
import { Timestamp } from './Timestamp';
import { RUN_NOT_ALLOWED } from './RequireAwsAdmin';

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
        <SyncSkipReport run={run} />
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
            {SYNC_TRIGGERS[run.trigger] ?? run.trigger}, took{' '}
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

/**
 * "Sync now", which turns into a spinner while the run this page started is going; greyed out
 * without `onSync` (the user may not start syncs).
 */
function SyncNowButton(props: { row: SyncRow; onSync?: () => void }) {
  const { row } = props;
  return (
    <Tooltip
      title={
        props.onSync
          ? `Read ${row.sourceText} now and update the catalog`
          : RUN_NOT_ALLOWED
      }
    >
      <span>
        <Button
          size="small"
          variant="outlined"
          disabled={row.syncing || !props.onSync}
          startIcon={
            row.syncing ? (
              <CircularProgress size={14} color="inherit" />
            ) : (
              <SyncIcon fontSize="small" />
            )
          }
          onClick={props.onSync}
          style={{ whiteSpace: 'nowrap' }}
        >
          {row.syncing ? 'Syncing…' : 'Sync now'}
        </Button>
      </span>
    </Tooltip>
  );
}

/**
 * The syncs table's columns; each row's button runs its sync through `syncNow`, which is
 * undefined when the user may not start syncs (aws.admin.run).
 */
export function directorySyncColumns(
  syncNow: ((id: string) => void) | undefined,
): TableColumn<SyncRow>[] {
  return [
    {
      title: 'Sync',
      width: '13%',
      field: 'id',
      highlight: true,
      render: row => <TextWithCaption text={row.id} caption={row.configKey} />,
    },
    {
      title: 'Source',
      width: '18%',
      field: 'sourceText',
      customFilterAndSearch: (term, row) =>
        matchesText(term, row.sourceText, row.whereText),
      render: row => (
        <TextWithCaption
          text={row.sourceText}
          caption={row.whereText}
          breakAll
        />
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
          row.lastRun ? SYNC_TRIGGERS[row.lastRun.trigger] : 'none',
          row.running ? 'running' : undefined,
        ),
      render: row => <LastRun row={row} />,
    },
    {
      title: 'Outcome',
      width: '24%',
      field: 'outcome',
      customSort: compareSyncRows,
      customFilterAndSearch: (term, row) =>
        matchesText(
          term,
          row.outcome,
          row.countsText,
          skippedText(row.lastRun),
          ...(row.lastRun?.skipped ?? []).map(s => s.name),
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
        <SyncNowButton
          row={row}
          onSync={syncNow ? () => syncNow(row.id) : undefined}
        />
      ),
    },
  ];
}
