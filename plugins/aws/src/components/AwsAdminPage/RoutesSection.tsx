import type { AwsProxyRouteHealth } from '@aws-bridge/plugin-aws-common';
import type { TableColumn } from '@backstage/core-components';
import { StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import { AdminTable } from './AdminTable';
import { SectionError } from './SectionError';
import { SectionLoad } from './SectionLoad';
import { Timestamp } from './Timestamp';
import { Caption, matchesText, TextWithCaption } from './tableParts';
import { RouteRow, routeRows } from './routeRows';
import { useAdminAction } from './useAdminAction';
import { RUN_NOT_ALLOWED, useMayRunAwsAdminActions } from './RequireAwsAdmin';

/** The key a check of every route runs under; a route's own check runs under its path. */
const ALL_ROUTES = '*';

const routeOf = (health: AwsProxyRouteHealth) => health.route;
const checkedLater = (
  answered: AwsProxyRouteHealth,
  loaded: AwsProxyRouteHealth,
) => answered.checkedAt > loaded.checkedAt;

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
  /** Undefined when the user may not start checks (aws.admin.run). */
  checkAgain: ((route?: string) => void) | undefined,
): TableColumn<RouteRow>[] {
  return [
    {
      title: 'Route',
      width: '16%',
      field: 'route',
      highlight: true,
      render: row => (
        <TextWithCaption text={row.route} caption={row.configKey} />
      ),
    },
    {
      title: 'Target',
      width: '20%',
      field: 'target',
      render: row => (
        <TextWithCaption
          text={row.target}
          caption={
            <>
              {row.service} · {row.regions.join(', ')}
            </>
          }
          breakAll
        />
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
          <Tooltip
            title={
              checkAgain ? `Check ${row.route} again now` : RUN_NOT_ALLOWED
            }
          >
            <span>
              <IconButton
                size="small"
                aria-label={`Check ${row.route} again`}
                disabled={
                  !checkAgain ||
                  checking.has(row.route) ||
                  checking.has(ALL_ROUTES)
                }
                onClick={() => checkAgain?.(row.route)}
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
 * route (or all) can be checked again now, by users with aws.admin.run; the backend probes it
 * (or answers its probe of the last aws.admin.minRunInterval) and the row updates.
 */
export function RoutesSection() {
  const adminApi = useApi(awsAdminApiRef);
  const mayRun = useMayRunAwsAdminActions();
  const loaded = useAsyncRetry(() => adminApi.getRoutes(), [adminApi]);
  const checkRoutes = useCallback(
    (key: string) =>
      adminApi.checkRoutes({ route: key === ALL_ROUTES ? undefined : key }),
    [adminApi],
  );
  // Results of "check again" replace a row only when newer; a failed check shows once, above
  // the table, as a check of every route has no row of its own.
  const { start, inFlight, errors, withResults } = useAdminAction({
    run: checkRoutes,
    keyOf: routeOf,
    isNewer: checkedLater,
    errors: 'latest',
  });
  const checkAgain = useCallback(
    (route?: string) => start(route ?? ALL_ROUTES),
    [start],
  );

  return (
    <SectionLoad loaded={loaded} what="the proxy routes">
      {loadedRoutes => {
        const rows = routeRows(withResults(loadedRoutes));
        const unhealthy = rows.filter(r => !r.healthy).length;
        const [checkError] = errors.values();
        return (
          <>
            {checkError !== undefined && (
              <SectionError
                error={checkError}
                what="a fresh route check"
                verb="run"
              />
            )}
            <AdminTable<RouteRow>
              title={`Proxy routes (${rows.length}${unhealthy ? `, ${unhealthy} unhealthy` : ', all healthy'})`}
              subtitle="Each route's config, whether its credentials resolve, and how its target answered a signed probe"
              rows={rows}
              columns={columns(inFlight, mayRun ? checkAgain : undefined)}
              isLoading={inFlight.has(ALL_ROUTES)}
              emptyContent={
                <Box p={2}>
                  <Typography>
                    No proxy routes are configured: add them under
                    aws.proxy.routes.
                  </Typography>
                </Box>
              }
              refreshTooltip={
                mayRun ? 'Check every route again now' : 'Read the routes again'
              }
              onRefresh={() => (mayRun ? checkAgain() : loaded.retry())}
            />
          </>
        );
      }}
    </SectionLoad>
  );
}
