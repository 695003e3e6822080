/*
 * The demo's nav: the default one (every page with a title and icon), except that the AWS
 * admin page's item shows only to users the policy lets read it. The page itself says "not
 * allowed" to the others, and the backend refuses them its API.
 */
import { RequireAwsAdmin } from '@aws-bridge/plugin-aws/alpha';
import { Sidebar, SidebarItem } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  NavContentBlueprint,
  NavContentComponentProps,
  NavContentNavItem,
} from '@backstage/plugin-app-react';

/** The AWS admin page's extension ID (`@aws-bridge/plugin-aws/alpha`'s `awsAdminPage`). */
const AWS_ADMIN_PAGE = 'page:aws/admin';

function NavItem({ href, icon, title }: NavContentNavItem) {
  return <SidebarItem to={href} icon={() => icon} text={title} />;
}

function DemoNavContent({ navItems }: NavContentComponentProps) {
  const items = navItems.withComponent(NavItem);
  const awsAdmin = items.take(AWS_ADMIN_PAGE);
  return (
    <Sidebar>
      {items.rest()}
      {awsAdmin && <RequireAwsAdmin>{awsAdmin}</RequireAwsAdmin>}
    </Sidebar>
  );
}

export const demoNavModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    NavContentBlueprint.make({ params: { component: DemoNavContent } }),
  ],
});
