import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useSyncExternalStore } from 'react';
import { albSessionState } from './albSessionState';

/**
 * The prompt an open app shows when its ALB session ends (the session timeout passed, or the
 * user signed out in another tab): a dialog that says so and signs in again, instead of pages
 * that fail one call at a time. Render it once at the app root; `AwsAlbSignInPage` feeds it.
 *
 * @public
 */
export function AwsAlbSessionEndedPrompt() {
  const state = useSyncExternalStore(
    albSessionState.subscribe,
    albSessionState.get,
  );
  return (
    <Dialog
      open={state === 'ended'}
      aria-labelledby="aws-alb-session-ended-title"
    >
      <DialogTitle id="aws-alb-session-ended-title">
        Your sign-in has ended
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Your session at the load balancer has expired, or was ended by signing
          out in another tab. Sign in again to carry on. The page reloads, so
          anything unsaved on it is lost.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button
          variant="contained"
          color="primary"
          onClick={() => window.location.reload()}
        >
          Sign in again
        </Button>
      </DialogActions>
    </Dialog>
  );
}
