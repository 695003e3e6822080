import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { describeAdminError } from './describeAdminError';

/** One section's failure: says why, offers to try again; the other sections still show. */
export function SectionError(props: {
  error: unknown;
  what: string;
  /** `run` for an action the section started (a fresh check), `read` (default) for its data. */
  verb?: 'read' | 'run';
  onRetry?: () => void;
}) {
  const { title, message } = describeAdminError(
    props.error,
    props.what,
    props.verb,
  );
  return (
    <Box>
      <WarningPanel
        severity="error"
        defaultExpanded
        title={title}
        message={message}
      />
      {props.onRetry && (
        <Box mt={1}>
          <Button variant="outlined" size="small" onClick={props.onRetry}>
            Try again
          </Button>
        </Box>
      )}
    </Box>
  );
}
