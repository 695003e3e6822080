import type { AwsAlbSignInStatus } from '@aws-bridge/plugin-aws-common';
import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
  Table,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import { formatDuration } from './formatTime';
import { SectionError } from './SectionError';
import { SIGN_IN_REASONS } from './signInReasons';
import { Timestamp } from './Timestamp';

type Configured = AwsAlbSignInStatus & {
  provider: NonNullable<AwsAlbSignInStatus['provider']>;
};

function ProviderSummary({ status }: { status: Configured }) {
  const { provider, keyEndpoint } = status;
  const metadata: Record<string, React.ReactNode> = {
    Issuer: provider.issuer,
    'Accepted signers':
      provider.signers === 'any'
        ? 'Any ALB (dangerouslyAllowAnySigner)'
        : provider.signers.join(', '),
    'IdP preset': provider.idp,
    'App clients': provider.clientIds?.join(', ') ?? 'any',
    'Access token checked': provider.accessTokenCheck ? 'yes' : 'no',
    'Session duration':
      provider.sessionDurationSeconds !== undefined
        ? formatDuration(provider.sessionDurationSeconds)
        : "the Backstage token's (1 h by default)",
    'Key endpoint': provider.publicKeyEndpoint,
    'Key endpoint answers': keyEndpoint ? (
      <Box>
        {keyEndpoint.ok ? (
          <StatusOK>
            Yes: {keyEndpoint.status} in {keyEndpoint.latencyMs} ms
          </StatusOK>
        ) : (
          <StatusError>No: {keyEndpoint.error}</StatusError>
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          Asked for {keyEndpoint.url}
        </Typography>
      </Box>
    ) : (
      'not checked'
    ),
    'Cached keys': String(status.cachedKeys ?? 0),
    'Last successful sign-in': status.lastSuccess ? (
      <>
        <Timestamp at={status.lastSuccess.at} /> as{' '}
        {status.lastSuccess.userEntityRef}
      </>
    ) : (
      'none since this backend started'
    ),
  };
  // Our labels as written: the table's default title-cases them ("Id P Preset").
  return (
    <StructuredMetadataTable
      metadata={metadata}
      options={{ titleFormat: key => key }}
    />
  );
}

function Failures({ status }: { status: Configured }) {
  const since = status.countingSince ? (
    <Timestamp at={status.countingSince} />
  ) : (
    'the backend started'
  );
  if (status.failures.length === 0) {
    return (
      <Typography variant="body2">No failed sign-ins since {since}.</Typography>
    );
  }
  return (
    <Table
      title="Failed sign-ins by reason"
      subtitle="Counted by this backend since it started; no tokens and no names are kept"
      data={status.failures.map(f => ({
        ...f,
        id: f.reason,
        meaning: SIGN_IN_REASONS[f.reason] ?? '',
      }))}
      columns={[
        {
          title: 'Reason',
          field: 'reason',
          highlight: true,
          render: row => (
            <>
              <Typography variant="body2">{row.reason}</Typography>
              <Typography variant="caption" color="textSecondary">
                {row.meaning}
              </Typography>
            </>
          ),
        },
        { title: 'Count', field: 'count', type: 'numeric' },
        {
          title: 'Last',
          field: 'lastAt',
          render: row => <Timestamp at={row.lastAt} />,
        },
        {
          title: 'Last message',
          field: 'lastMessage',
          render: row =>
            row.lastMessage ?? (
              <Typography variant="caption" color="textSecondary">
                not kept: it names the person
              </Typography>
            ),
        },
      ]}
      options={{ search: false, paging: false, padding: 'dense' }}
    />
  );
}

/**
 * The ALB sign-in's config and health, from `GET /api/aws/admin/sign-in`, which the awsalb
 * auth module reports through the aws-node library.
 */
export function SignInSection() {
  const adminApi = useApi(awsAdminApiRef);
  const { value, error, loading, retry } = useAsyncRetry(
    () => adminApi.getSignInStatus(),
    [adminApi],
  );
  const refresh = (
    <Tooltip title="Check the sign-in again">
      <IconButton aria-label="Check the sign-in again" onClick={retry}>
        <RefreshIcon />
      </IconButton>
    </Tooltip>
  );
  let content: React.ReactNode;
  if (error) {
    content = (
      <SectionError error={error} what="the sign-in status" onRetry={retry} />
    );
  } else if (!value || loading) {
    content = <Progress />;
  } else if (!value.configured || !value.provider) {
    content = (
      <WarningPanel
        severity="info"
        defaultExpanded
        title="Sign-in through the ALB is not reported by this backend"
        message="The awsalb auth module reports here when it runs in the same backend as the aws plugin, with auth.providers.awsalb configured. It starts reporting when the auth backend builds its providers, on the first sign-in after a restart. Sign in through the ALB, then check again."
      />
    );
  } else {
    const status = value as Configured;
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <ProviderSummary status={status} />
        </Grid>
        <Grid item xs={12} md={6}>
          <Failures status={status} />
        </Grid>
      </Grid>
    );
  }
  return (
    <InfoCard
      title="Sign-in through the ALB"
      subheader="The awsalb provider's config, its key endpoint, and how sign-ins have gone on this backend"
      action={refresh}
    >
      {content}
    </InfoCard>
  );
}
