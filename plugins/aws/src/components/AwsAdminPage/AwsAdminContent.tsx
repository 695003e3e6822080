import { Content, Progress, WarningPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { AccountsSection } from './AccountsSection';
import { DirectorySyncSection } from './DirectorySyncSection';
import { RequireAwsAdmin } from './RequireAwsAdmin';
import { RoutesSection } from './RoutesSection';
import { SignInSection } from './SignInSection';

function NotAllowed() {
  return (
    <WarningPanel
      severity="warning"
      defaultExpanded
      title="You are not allowed to see the AWS admin page"
      message="It shows the health of every AWS proxy route, account and the ALB sign-in, and needs the aws.admin.read permission. Ask whoever maintains your Backstage permission policy if you need it."
    />
  );
}

/**
 * The admin page's body: routes, accounts, sign-in and the user directory syncs, each loading
 * and failing on its own.
 * The new frontend system's page puts it under the app's header; `AwsAdminPage` adds one.
 */
export function AwsAdminContent() {
  return (
    <Content>
      <RequireAwsAdmin fallback={<NotAllowed />} loading={<Progress />}>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <RoutesSection />
          </Grid>
          <Grid item>
            <AccountsSection />
          </Grid>
          <Grid item>
            <SignInSection />
          </Grid>
          <Grid item>
            <DirectorySyncSection />
          </Grid>
        </Grid>
      </RequireAwsAdmin>
    </Content>
  );
}
