import { WarningPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { awsTranslationRef } from '../../translation';
import { describeCallError } from './describeCallError';

/**
 * One panel per distinct failure, naming the regions it happened in: the same refusal in
 * three regions is one problem to fix, not three.
 */
export function AwsCallErrorPanels(props: {
  failures: { region?: string; error: Error }[];
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const groups = new Map<
    string,
    { description: ReturnType<typeof describeCallError>; regions: string[] }
  >();
  for (const { region, error } of props.failures) {
    const description = describeCallError(error, t);
    const key = `${description.title}\n${description.detail}`;
    const group = groups.get(key) ?? { description, regions: [] };
    if (region) group.regions.push(region);
    groups.set(key, group);
  }
  return (
    <>
      {[...groups.values()].map(({ description, regions }) => (
        <WarningPanel
          key={`${description.title}${description.detail}`}
          severity="error"
          defaultExpanded
          title={description.title}
          message={
            <>
              <Typography variant="body2" paragraph>
                {description.detail}
              </Typography>
              {description.hint && (
                <Typography variant="body2">{description.hint}</Typography>
              )}
              {regions.length > 0 && (
                <Box mt={1}>
                  <Typography variant="caption" color="textSecondary">
                    {t('entityCard.errors.inRegions', {
                      regions: regions.join(', '),
                    })}
                  </Typography>
                </Box>
              )}
            </>
          }
        />
      ))}
    </>
  );
}
