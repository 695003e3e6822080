export { AwsAdminPage } from './AwsAdminPage';
export { AwsAdminContent } from './AwsAdminContent';
export { RequireAwsAdmin } from './RequireAwsAdmin';
