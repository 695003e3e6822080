import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import {
  Progress,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import { SectionError } from './SectionError';
import { Timestamp } from './Timestamp';
import { adminTableOptions, Caption, matchesText } from './tableParts';
import { RouteRow, routeRows } from './routeRows';
import { useInFlight } from './useInFlight';

function RouteHealth({ row }: { row: RouteRow }) {
  const { credentials, probe } = row;
  return (
    <Box>
      {row.healthy ? (
        <StatusOK>Healthy</StatusOK>
      ) : (
        <StatusError>Unhealthy</StatusError>
      )}
      <Caption>
        {credentials.ok
          ? `Credentials in ${credentials.latencyMs} ms`
          : `Credentials failed after ${credentials.latencyMs} ms: ${credentials.error ?? 'no reason given'}`}
      </Caption>
      {probe && (
        <Caption>
          {`Probe ${probe.path}: `}
          {probe.status === undefined
            ? `no answer (${probe.error ?? 'no reason given'})`
            : `${probe.status} in ${probe.latencyMs} ms`}
          {probe.status !== undefined && probe.error && ` (${probe.error})`}
        </Caption>
      )}
    </Box>
  );
}

function columns(
  checking: ReadonlySet<string>,
  checkAgain: (route?: string) => void,
): TableColumn<RouteRow>[] {
  return [
    {
      title: 'Route',
      width: '16%',
      field: 'route',
      highlight: true,
      render: row => (
        <>
          <Typography variant="body2">{row.route}</Typography>
          <Caption>{row.configKey}</Caption>
        </>
      ),
    },
    {
      title: 'Target',
      width: '20%',
      field: 'target',
      render: row => (
        <>
          <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
            {row.target}
          </Typography>
          <Caption>
            {row.service} · {row.regions.join(', ')}
          </Caption>
        </>
      ),
    },
    {
      title: 'Signs as',
      width: '16%',
      field: 'signsAs',
      render: row => (
        <>
          <Typography variant="body2">{row.signsAs}</Typography>
          {row.selectableAccounts === '*' && (
            <Caption>Callers may pick any configured account</Caption>
          )}
          {Array.isArray(row.selectableAccounts) &&
            row.selectableAccounts.length > 0 && (
              <Caption>
                Callers may pick {row.selectableAccounts.join(', ')}
              </Caption>
            )}
        </>
      ),
    },
    {
      title: 'Access',
      width: '16%',
      field: 'access',
      render: row => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {row.open ? (
            <Chip size="small" color="secondary" label="Open: no token" />
          ) : (
            <Chip size="small" variant="outlined" label="Signed-in callers" />
          )}
          <Chip
            size="small"
            variant="outlined"
            label={
              row.allowedMethods
                ? row.allowedMethods.join(', ')
                : 'Every method'
            }
          />
          <Chip
            size="small"
            variant="outlined"
            label={
              row.allowedOperations
                ? row.allowedOperations.join(', ')
                : 'Every operation'
            }
          />
        </Box>
      ),
    },
    {
      title: 'Health',
      width: '22%',
      field: 'status',
      customFilterAndSearch: (term, row) =>
        matchesText(term, row.status, row.problem),
      render: row => <RouteHealth row={row} />,
    },
    {
      title: 'Checked',
      width: '10%',
      field: 'checkedAt',
      render: row => (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <Timestamp at={row.checkedAt} />
          <Tooltip title={`Check ${row.route} again now`}>
            <span>
              <IconButton
                size="small"
                aria-label={`Check ${row.route} again`}
                disabled={checking.has(row.route) || checking.has('*')}
                onClick={() => checkAgain(row.route)}
              >
                <RefreshIcon fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        </Box>
      ),
    },
  ];
}

/**
 * Every SigV4 proxy route with its config and health, from `GET /api/aws/admin/routes`. A
 * route (or all) can be checked again now; the backend probes it and the row updates.
 */
export function RoutesSection() {
  const adminApi = useApi(awsAdminApiRef);
  const loaded = useAsyncRetry(() => adminApi.getRoutes(), [adminApi]);
  // Results of "check again", by route; each row shows whichever of its results is newer.
  const [rechecked, setRechecked] = useState<
    ReadonlyMap<string, AwsProxyRouteHealth>
  >(new Map());
  const { inFlight: checking, track } = useInFlight<string>();
  const [checkError, setCheckError] = useState<unknown>();

  const checkAgain = useCallback(
    async (route?: string) => {
      setCheckError(undefined);
      await track(route ?? '*', async () => {
        try {
          const checked = await adminApi.checkRoutes({ route });
          setRechecked(current => {
            const next = new Map(current);
            for (const health of checked) next.set(health.route, health);
            return next;
          });
        } catch (error) {
          setCheckError(error);
        }
      });
    },
    [adminApi, track],
  );

  if (loaded.error) {
    return (
      <SectionError
        error={loaded.error}
        what="the proxy routes"
        onRetry={loaded.retry}
      />
    );
  }
  if (!loaded.value) return <Progress />;
  const routes = loaded.value.map(loadedRoute => {
    const again = rechecked.get(loadedRoute.route);
    return again && again.checkedAt > loadedRoute.checkedAt
      ? again
      : loadedRoute;
  });

  const rows = routeRows(routes);
  const unhealthy = rows.filter(r => !r.healthy).length;
  return (
    <>
      {checkError !== undefined && (
        <SectionError error={checkError} what="a fresh route check" />
      )}
      <Table<RouteRow>
        title={`Proxy routes (${rows.length}${unhealthy ? `, ${unhealthy} unhealthy` : ', all healthy'})`}
        subtitle="Each route's config, whether its credentials resolve, and how its target answered a signed probe"
        data={rows}
        columns={columns(checking, checkAgain)}
        isLoading={checking.has('*')}
        options={adminTableOptions(rows.length)}
        emptyContent={
          <Box p={2}>
            <Typography>
              No proxy routes are configured: add them under aws.proxy.routes.
            </Typography>
          </Box>
        }
        actions={[
          {
            icon: () => <RefreshIcon />,
            tooltip: 'Check every route again now',
            isFreeAction: true,
            onClick: () => checkAgain(),
          },
        ]}
      />
    </>
  );
}
