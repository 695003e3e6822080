import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { awsTranslationRef } from '../../translation';
import type { ResourceRow } from './resourceRows';

/**
 * The entity's footprint at a glance: one chip per resource type with its count, most first.
 * Clicking one shows only that type in the table; clicking it again shows all.
 */
export function ResourceTypeChips(props: {
  rows: ResourceRow[];
  selected?: string;
  onSelect(type: string | undefined): void;
}) {
  const { t } = useTranslationRef(awsTranslationRef);
  const counts = new Map<string, number>();
  for (const row of props.rows) {
    counts.set(row.typeLabel, (counts.get(row.typeLabel) ?? 0) + 1);
  }
  if (counts.size < 2) return null;
  const types = [...counts].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      mb={1}
      role="group"
      aria-label={t('entityCard.types')}
    >
      {types.map(([type, count]) => {
        const selected = props.selected === type;
        return (
          <Chip
            key={type}
            size="small"
            label={`${type} ${count}`}
            color={selected ? 'primary' : 'default'}
            variant={selected ? 'default' : 'outlined'}
            aria-pressed={selected}
            onClick={() => props.onSelect(selected ? undefined : type)}
          />
        );
      })}
    </Box>
  );
}
