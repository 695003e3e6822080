import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import {
  configApiRef,
  discoveryApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { signOutAtAlbAndIdp } from './albAuthEndpoints';
import { classifySignInFailure } from './signInFailure';

/** Opens the app again at its own address, through the ALB, which signs the browser in. */
function signInThroughAlb(appBaseUrl: string) {
  const here = window.location;
  const target = new URL(here.pathname + here.search, appBaseUrl);
  if (target.origin === here.origin) here.reload();
  else here.assign(target.href);
}

function FailureCard(props: {
  title: string;
  children: ReactNode;
  action: string;
  onAction: () => void;
}) {
  return (
    <InfoCard title={props.title}>
      {props.children}
      <Button
        variant="contained"
        color="primary"
        onClick={props.onAction}
        style={{ marginTop: 16 }}
      >
        {props.action}
      </Button>
    </InfoCard>
  );
}

/**
 * What `AwsAlbSignInPage` shows when sign-in fails: what happened, in words, and the one button
 * that helps.
 */
export function AwsAlbSignInError(props: { error?: Error }) {
  const configApi = useApi(configApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const appBaseUrl =
    configApi.getOptionalString('app.baseUrl') ?? window.location.origin;
  const failure = classifySignInFailure(props.error);
  const retry = () => window.location.reload();

  let card: ReactNode;
  switch (failure.kind) {
    case 'no-alb-session':
      card = (
        <FailureCard
          title="You are not signed in"
          action="Sign in"
          onAction={() => signInThroughAlb(appBaseUrl)}
        >
          <Typography paragraph>
            {failure.missingHeaders
              ? "Backstage got this request without the load balancer's sign-in headers: it was " +
                'not opened through the load balancer, or the listener rule for /api/* does not ' +
                'authenticate.'
              : 'Your sign-in session at the load balancer has ended, or has not started yet.'}
          </Typography>
          <Typography paragraph>
            Sign in takes you to your identity provider and back to {appBaseUrl}
            .
          </Typography>
        </FailureCard>
      );
      break;
    case 'no-catalog-user':
      card = (
        <FailureCard
          title="Backstage does not know you yet"
          action="Sign in as someone else"
          onAction={() => void signOutAtAlbAndIdp(discoveryApi)}
        >
          <Typography paragraph>{failure.message}</Typography>
          <Typography paragraph>
            Your identity provider signed you in, but no user in
            Backstage&apos;s catalog matches you. Ask your Backstage admins to
            add you, or sign in as someone else.
          </Typography>
        </FailureCard>
      );
      break;
    case 'refused':
      card = (
        <FailureCard
          title="Sign-in refused"
          action="Try again"
          onAction={retry}
        >
          <Typography paragraph>{failure.message}</Typography>
          <Typography paragraph>
            This points at the load balancer or Backstage&apos;s configuration;
            send the message above to your Backstage admins.
          </Typography>
        </FailureCard>
      );
      break;
    case 'unreachable':
      card = (
        <FailureCard
          title="Backstage cannot be reached"
          action="Try again"
          onAction={retry}
        >
          <Typography paragraph>
            The backend did not answer ({failure.detail}). It may be starting or
            down, or the load balancer sent the request to the sign-in page. Try
            again in a moment.
          </Typography>
        </FailureCard>
      );
      break;
    default:
      card = (
        <FailureCard title="Sign-in failed" action="Try again" onAction={retry}>
          <Typography paragraph>{failure.message}</Typography>
        </FailureCard>
      );
  }

  return (
    <Page themeId="home">
      <Header title={configApi.getOptionalString('app.title') ?? 'Backstage'} />
      <Content>
        <Grid container justifyContent="center">
          <Grid item xs={12} sm={8} md={6}>
            {card}
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
