import type {
  AwsAccountDescription,
  AwsCredentialSourceKind,
} from '@aws-bridge/plugin-aws-common';
import type { TableColumn } from '@backstage/core-components';
import { StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import { AdminTable } from './AdminTable';
import { useMayRunAwsAdminActions } from './RequireAwsAdmin';
import { SectionError } from './SectionError';
import { SectionLoad } from './SectionLoad';
import { Timestamp } from './Timestamp';
import { Caption, matchesText } from './tableParts';
import { useAdminAction } from './useAdminAction';

/** The key a check of every account runs under: there is no check of one. */
const ALL_ACCOUNTS = '*';

const SOURCES: Record<AwsCredentialSourceKind, string> = {
  static: 'Access key in config',
  profile: 'Profile (shared AWS files)',
  defaultChain: 'SDK default chain',
  assumeRole: 'Assumed role',
  webIdentity: 'Role by web identity',
};

type AccountRow = AwsAccountDescription & {
  id: string;
  account: string;
  sourceText: string;
  status: 'ok' | 'failing';
};

function AccountStatus({ row }: { row: AccountRow }) {
  if (row.ok) {
    return (
      <Box>
        <StatusOK>Credentials work</StatusOK>
        <Caption>Checked in {row.latencyMs} ms</Caption>
        {row.lastError && (
          <Caption>The last refresh failed: {row.lastError}</Caption>
        )}
      </Box>
    );
  }
  return (
    <Box>
      <StatusError>
        Failing{row.lastErrorCode ? `: ${row.lastErrorCode}` : ''}
      </StatusError>
      {row.advice && (
        <Typography variant="body2" style={{ marginTop: 4 }}>
          {row.advice}.
        </Typography>
      )}
      {row.backoff && <BackoffNote backoff={row.backoff} />}
      <Caption>AWS said: {row.lastError ?? 'no reason given'}</Caption>
    </Box>
  );
}

/**
 * Why callers see this failure without AWS being asked: the credentials back off after
 * failures in a row (aws.credentialsBackoff), until a time or a re-check. The report may be
 * older than the wait (it is reused for the check interval): a wait that has passed says so.
 */
function BackoffNote(props: {
  backoff: NonNullable<AwsAccountDescription['backoff']>;
}) {
  const { failures, retryAt } = props.backoff;
  const inARow = `${failures} failure${failures === 1 ? '' : 's'} in a row`;
  if (Date.parse(retryAt) <= Date.now()) {
    return (
      <Typography variant="body2" style={{ marginTop: 4 }}>
        {`Backed off after ${inARow}; the wait ended `}
        <Timestamp at={retryAt} />: the next caller asks AWS again.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" style={{ marginTop: 4 }}>
      {`Backing off after ${inARow}: AWS is asked again `}
      <Timestamp at={retryAt} />, and until then callers get this failure at
      once. Checking again now ends the wait.
    </Typography>
  );
}

const columns: TableColumn<AccountRow>[] = [
  {
    title: 'Account',
    width: '14%',
    field: 'account',
    highlight: true,
    render: row => (
      <>
        <Typography variant="body2">
          {row.alias ?? row.accountId ?? 'unknown account'}
        </Typography>
        {row.alias && <Caption>{row.accountId}</Caption>}
        {row.isMainAccount && (
          <Chip size="small" variant="outlined" label="Main account" />
        )}
      </>
    ),
  },
  { title: 'Configured at', field: 'configKey', width: '16%' },
  {
    title: 'Credentials',
    width: '18%',
    field: 'sourceText',
    render: row => (
      <>
        <Typography variant="body2">{row.sourceText}</Typography>
        {row.roleArn && <Caption>{row.roleArn}</Caption>}
        <Caption>
          STS in {row.stsRegion}
          {row.stsEndpoint ? ` at ${row.stsEndpoint}` : ''}
        </Caption>
      </>
    ),
  },
  {
    title: 'Identity AWS reports',
    width: '16%',
    field: 'callerArn',
    render: row =>
      row.callerArn ? (
        <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
          {row.callerArn}
        </Typography>
      ) : (
        <Caption>none: the check failed</Caption>
      ),
  },
  {
    title: 'Expires',
    width: '8%',
    field: 'expiration',
    render: row =>
      row.expiration ? (
        <Timestamp at={row.expiration} />
      ) : (
        <Caption>{row.ok ? 'does not expire' : '—'}</Caption>
      ),
  },
  {
    title: 'Status',
    width: '28%',
    field: 'status',
    customFilterAndSearch: (term, row) =>
      matchesText(
        term,
        row.status,
        row.lastErrorCode,
        row.advice,
        row.lastError,
      ),
    render: row => <AccountStatus row={row} />,
  },
];

function accountRows(accounts: AwsAccountDescription[]): AccountRow[] {
  return accounts
    .map(account => ({
      ...account,
      id: account.configKey,
      account: `${account.alias ?? ''} ${account.accountId ?? ''}`.trim(),
      sourceText: SOURCES[account.source] ?? account.source,
      status: account.ok ? ('ok' as const) : ('failing' as const),
    }))
    .sort(
      (a, b) =>
        Number(a.ok) - Number(b.ok) ||
        Number(b.isMainAccount) - Number(a.isMainAccount) ||
        a.configKey.localeCompare(b.configKey),
    );
}

const configKeyOf = (account: AwsAccountDescription) => account.configKey;
const checkedLater = (
  answered: AwsAccountDescription,
  loaded: AwsAccountDescription,
) => answered.checkedAt > loaded.checkedAt;

/**
 * Every account the backend signs for (the main one, `aws.accounts`, accounts met through
 * `aws.accountDefaults`, and routes' own roles), from `GET /api/aws/admin/accounts`. Users
 * with aws.admin.run check them all again now, which also ends any credentials backoff.
 */
export function AccountsSection() {
  const adminApi = useApi(awsAdminApiRef);
  const mayRun = useMayRunAwsAdminActions();
  const loaded = useAsyncRetry(() => adminApi.getAccounts(), [adminApi]);
  const checkAccounts = useCallback(() => adminApi.checkAccounts(), [adminApi]);
  const { start, inFlight, errors, withResults } = useAdminAction({
    run: checkAccounts,
    keyOf: configKeyOf,
    isNewer: checkedLater,
    errors: 'latest',
  });
  return (
    <SectionLoad loaded={loaded} what="the AWS accounts">
      {accounts => {
        const rows = accountRows(withResults(accounts));
        const failing = rows.filter(r => !r.ok).length;
        const [checkError] = errors.values();
        return (
          <>
            {checkError !== undefined && (
              <SectionError
                error={checkError}
                what="a fresh check of the accounts"
                verb="run"
              />
            )}
            <AdminTable<AccountRow>
              title={`AWS accounts (${rows.length}${failing ? `, ${failing} failing` : ', all working'})`}
              subtitle="Where each account's credentials come from, who AWS says they are, and what to fix when they fail"
              rows={rows}
              columns={columns}
              isLoading={inFlight.has(ALL_ACCOUNTS)}
              refreshTooltip={
                mayRun
                  ? 'Check every account again now (ends any backoff)'
                  : 'Read the accounts again'
              }
              onRefresh={() => (mayRun ? start(ALL_ACCOUNTS) : loaded.retry())}
            />
          </>
        );
      }}
    </SectionLoad>
  );
}
