import Typography from '@material-ui/core/Typography';
import { useEffect } from 'react';
import { albSessionState } from './albSessionState';
import { AwsAlbSessionEndedPrompt } from './AwsAlbSessionEndedPrompt';

export default {
  title: 'Plugins/aws/AwsAlbSessionEndedPrompt',
  component: AwsAlbSessionEndedPrompt,
};

/** The prompt as an open app shows it once its ALB session has ended. */
export const SessionEnded = () => {
  useEffect(() => {
    albSessionState.set('ended');
    return () => albSessionState.set('active');
  }, []);
  // The dialog renders in a portal over the page; the text stands for the app behind it.
  return (
    <>
      <Typography style={{ padding: 16 }}>
        The app page the person had open, behind the prompt.
      </Typography>
      <AwsAlbSessionEndedPrompt />
    </>
  );
};
