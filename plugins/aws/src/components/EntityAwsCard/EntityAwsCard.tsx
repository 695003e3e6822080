import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AwsEntityAnnotations,
  parseAwsAnnotations,
} from '@aws-bridge/plugin-aws-common';
import {
  InfoCard,
  MissingAnnotationEmptyState,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';

/**
 * Where the entity lives in AWS, read from its `aws-bridge.io/*` annotations: the account, the
 * default region and the tags that mark its resources. A malformed annotation is shown as an
 * error naming the annotation, so the entity's owner can fix it; the page never breaks.
 *
 * @public
 */
export const EntityAwsCard = () => {
  const { entity } = useEntity();
  const result = parseAwsAnnotations(entity);

  if (!result.ok && result.error.code === 'MissingAccountId') {
    return (
      <MissingAnnotationEmptyState annotation={AWS_ACCOUNT_ID_ANNOTATION} />
    );
  }

  return (
    <InfoCard title="AWS">
      {result.ok ? (
        <AwsLocationTable annotations={result.value} />
      ) : (
        <WarningPanel
          severity="error"
          defaultExpanded
          title={`The ${result.error.annotation} annotation is not valid`}
          message={result.error.message}
        />
      )}
    </InfoCard>
  );
};

function AwsLocationTable(props: { annotations: AwsEntityAnnotations }) {
  const { accountId, region, resourceTags } = props.annotations;
  const tags = Object.entries(resourceTags).map(([k, v]) => `${k}=${v}`);
  return (
    <StructuredMetadataTable
      metadata={{
        'Account ID': accountId,
        Region: region ?? 'not set (the route or the SDK default applies)',
        'Resource tags': tags.length > 0 ? tags : 'none',
      }}
    />
  );
}
