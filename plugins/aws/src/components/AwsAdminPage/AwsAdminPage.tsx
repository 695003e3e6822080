import { Header, Page } from '@backstage/core-components';
import { AwsAdminContent } from './AwsAdminContent';

/**
 * The `/aws-admin` page for apps on the legacy frontend system: a header and the admin body.
 * Mount it with `<Route path="/aws-admin" element={<AwsAdminPage />} />`.
 */
export function AwsAdminPage() {
  return (
    <Page themeId="tool">
      <Header
        title="AWS admin"
        subtitle="Proxy routes, AWS accounts, ALB sign-in and user directory sync: their config and health"
      />
      <AwsAdminContent />
    </Page>
  );
}
