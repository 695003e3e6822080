import type {
  AwsDirectorySyncRun,
  AwsDirectorySyncSkip,
} from '@aws-bridge/plugin-aws-common';
import { StatusWarning } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Caption } from './tableParts';

/** What a skip left out, in words: the entity, or what it was written without. */
const LEFT: Record<AwsDirectorySyncSkip['left'], string> = {
  entity: 'not written',
  email: 'written without its email',
  membership: 'membership not written',
};

/** "3 left out", for the row's text and its search. */
export function skippedText(run: AwsDirectorySyncRun | undefined) {
  const total = run?.skippedTotal ?? 0;
  return total > 0 ? `${total} left out` : undefined;
}

/**
 * What a successful run left out (names, emails, memberships that are not the sync's to
 * write), folded under a count until an admin opens it.
 */
export function SyncSkipReport({ run }: { run: AwsDirectorySyncRun }) {
  const [open, setOpen] = useState(false);
  const skipped = run.skipped ?? [];
  const total = run.skippedTotal ?? skipped.length;
  if (total === 0) return null;
  const more = total - skipped.length;
  return (
    <Box mt={0.5}>
      <StatusWarning>
        {skippedText(run)}: not this sync's to write
      </StatusWarning>
      <Box>
        <Link
          component="button"
          variant="caption"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide what was left out' : 'Show what was left out'}
        </Link>
      </Box>
      {open && (
        <Box component="ul" m={0} pl={2} aria-label="Left out by the last run">
          {skipped.map((skip, i) => (
            <Typography
              key={i}
              component="li"
              variant="caption"
              style={{ wordBreak: 'break-word' }}
            >
              <b>
                {skip.kind} {skip.name}
              </b>{' '}
              {LEFT[skip.left] ?? 'left out'}: {skip.message}
            </Typography>
          ))}
          {more > 0 && (
            <Caption>…and {more} more, not kept with the run</Caption>
          )}
        </Box>
      )}
    </Box>
  );
}
