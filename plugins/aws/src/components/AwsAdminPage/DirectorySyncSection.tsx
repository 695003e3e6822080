import type { AwsDirectorySyncStatus } from '@aws-bridge/plugin-aws-common';
import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awsAdminApiRef } from '../../api';
import { AdminTable } from './AdminTable';
import { directorySyncColumns } from './DirectorySyncColumns';
import { SyncRow, syncRows } from './directorySyncRows';
import { SectionLoad } from './SectionLoad';
import { useAdminAction } from './useAdminAction';
import { useMayRunAwsAdminActions } from './RequireAwsAdmin';

const TITLE = 'User directory sync';
const CATALOG_MODULE = '@aws-bridge/plugin-catalog-backend-module-aws-users';

const syncIdOf = (sync: AwsDirectorySyncStatus) => sync.id;
const ranLater = (
  answered: AwsDirectorySyncStatus,
  loaded: AwsDirectorySyncStatus,
) => (answered.lastRun?.finishedAt ?? '') > (loaded.lastRun?.finishedAt ?? '');

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
  const mayRun = useMayRunAwsAdminActions();
  const loaded = useAsyncRetry(() => adminApi.directorySyncs(), [adminApi]);
  const runSync = useCallback(
    async (id: string) => [await adminApi.runDirectorySync(id)],
    [adminApi],
  );
  // A run's answer replaces its row when newer; a failed run says why in its own row.
  const { start, inFlight, errors, withResults } = useAdminAction({
    run: runSync,
    keyOf: syncIdOf,
    isNewer: ranLater,
    errors: 'per-key',
  });

  return (
    <SectionLoad loaded={loaded} what="the user directory syncs">
      {({ syncs, installed }) => {
        if (syncs.length === 0) return <NoSyncs installed={installed} />;
        const rows = syncRows(withResults(syncs), inFlight, errors);
        const failing = rows.filter(r => r.outcome === 'failed').length;
        return (
          <AdminTable<SyncRow>
            title={`${TITLE} (${rows.length}${failing ? `, ${failing} failing` : ', none failing'})`}
            subtitle="Each Cognito user pool or Identity Center store synced into the catalog: what it reads, when, and how its last run went"
            rows={rows}
            columns={directorySyncColumns(mayRun ? start : undefined)}
            refreshTooltip="Read the syncs again"
            onRefresh={() => loaded.retry()}
          />
        );
      }}
    </SectionLoad>
  );
}
