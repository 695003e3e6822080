import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AwsEntityAnnotations,
  parseAwsAnnotations,
} from '@aws-bridge/plugin-aws-common';
import {
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import Refresh from '@material-ui/icons/Refresh';
import { useMemo, useState } from 'react';
import { awsTranslationRef } from '../../translation';
import { AwsCallErrorPanels } from './AwsCallErrorPanels';
import { AwsResourcesTable } from './AwsResourcesTable';
import { EntityCardConfig, readEntityCardConfig } from './entityCardConfig';
import { resourceRows } from './resourceRows';
import { ResourceTypeChips } from './ResourceTypeChips';
import { AwsResourcesState, useAwsResources } from './useAwsResources';

/**
 * The entity's AWS resources: every resource carrying the tags its
 * `aws-bridge.io/aws-resource-tags` annotation names, in its account and each region it names,
 * found with the Resource Groups Tagging API through the aws-bridge SigV4 proxy (the browser
 * holds no AWS credential), with console links that open in the right account. A malformed
 * annotation or config shows as an error naming it; the page never breaks.
 *
 * @public
 */
export const EntityAwsCard = () => {
  const { entity } = useEntity();
  const { t } = useTranslationRef(awsTranslationRef);
  const configApi = useApi(configApiRef);
  const result = parseAwsAnnotations(entity);

  if (!result.ok && result.error.code === 'MissingAccountId') {
    return (
      <MissingAnnotationEmptyState annotation={AWS_ACCOUNT_ID_ANNOTATION} />
    );
  }
  if (!result.ok) {
    return (
      <InfoCard title={t('entityCard.title')}>
        <WarningPanel
          severity="error"
          defaultExpanded
          title={t('entityCard.invalidAnnotation', {
            annotation: result.error.annotation,
          })}
          message={result.error.message}
        />
      </InfoCard>
    );
  }
  let config: EntityCardConfig;
  try {
    config = readEntityCardConfig(configApi);
  } catch (error) {
    return (
      <InfoCard title={t('entityCard.title')}>
        <WarningPanel
          severity="error"
          defaultExpanded
          title={t('entityCard.invalidConfig')}
          message={(error as Error).message}
        />
      </InfoCard>
    );
  }
  return <AwsResourcesCard annotations={result.value} config={config} />;
};

function AwsResourcesCard(props: {
  annotations: AwsEntityAnnotations;
  config: EntityCardConfig;
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const state = useAwsResources(props.annotations, props.config);
  return (
    <InfoCard
      title={t('entityCard.title')}
      action={
        <Tooltip title={t('entityCard.refresh')}>
          <span>
            <IconButton
              aria-label={t('entityCard.refresh')}
              onClick={state.retry}
              disabled={state.loading}
            >
              <Refresh />
            </IconButton>
          </span>
        </Tooltip>
      }
    >
      <AwsLocationTable annotations={props.annotations} alias={state.alias} />
      <Box mt={2}>
        <AwsResourcesContent
          annotations={props.annotations}
          config={props.config}
          state={state}
        />
      </Box>
    </InfoCard>
  );
}

function AwsResourcesContent(props: {
  annotations: AwsEntityAnnotations;
  config: EntityCardConfig;
  state: AwsResourcesState;
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const { annotations, config, state } = props;
  const searches = state.searches;
  const [selectedType, setSelectedType] = useState<string>();
  const rows = useMemo(
    () =>
      resourceRows(
        (searches ?? []).flatMap(s => ('resources' in s ? s.resources : [])),
        config.identityCenter,
      ),
    [searches, config.identityCenter],
  );

  if (Object.keys(annotations.resourceTags).length === 0) {
    return (
      <WarningPanel
        severity="info"
        defaultExpanded
        title={t('entityCard.noTags.title')}
        message={t('entityCard.noTags.message')}
      />
    );
  }
  if (state.loading || !searches) {
    return <Progress />;
  }
  const failures = searches.flatMap(s =>
    'error' in s ? [{ region: s.region, error: s.error }] : [],
  );
  const searched = searches.filter(s => 'resources' in s);
  return (
    <>
      {failures.length > 0 && <AwsCallErrorPanels failures={failures} />}
      {rows.length > 0 && (
        <>
          <ResourceTypeChips
            rows={rows}
            selected={selectedType}
            onSelect={setSelectedType}
          />
          <AwsResourcesTable
            rows={
              rows.some(row => row.typeLabel === selectedType)
                ? rows.filter(row => row.typeLabel === selectedType)
                : rows
            }
            title={t('entityCard.summary', { count: rows.length })}
          />
        </>
      )}
      {rows.length === 0 && searched.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('entityCard.empty', {
            tags: tagList(annotations).join(', '),
            accountId: annotations.accountId,
            regions: searched
              .map(s => s.region ?? t('entityCard.routeDefaultRegion'))
              .join(', '),
          })}
        </Typography>
      )}
    </>
  );
}

function tagList(annotations: AwsEntityAnnotations): string[] {
  return Object.entries(annotations.resourceTags).map(([k, v]) => `${k}=${v}`);
}

function AccountValue(props: {
  accountId: string;
  alias?: AwsResourcesState['alias'];
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const { accountId, alias } = props;
  if (alias?.value) return <>{`${accountId} (${alias.value})`}</>;
  if (alias?.error) {
    const reason = alias.error.message;
    return (
      <Box display="inline-flex" alignItems="center">
        {accountId}
        <Tooltip title={t('entityCard.aliasUnavailable', { reason })}>
          <InfoOutlined
            fontSize="small"
            color="disabled"
            aria-label={t('entityCard.aliasUnavailable', { reason })}
            style={{ marginLeft: 4 }}
          />
        </Tooltip>
      </Box>
    );
  }
  return <>{accountId}</>;
}

function AwsLocationTable(props: {
  annotations: AwsEntityAnnotations;
  alias?: AwsResourcesState['alias'];
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const { accountId, regions } = props.annotations;
  const tags = tagList(props.annotations);
  return (
    <StructuredMetadataTable
      dense
      metadata={{
        [t('entityCard.account')]: (
          <AccountValue accountId={accountId} alias={props.alias} />
        ),
        [t('entityCard.regions')]:
          regions.length > 0
            ? regions.join(', ')
            : t('entityCard.routeDefaultRegion'),
        [t('entityCard.resourceTags')]: tags.length > 0 ? tags : '—',
      }}
    />
  );
}
