export { awsApiRef } from './AwsApi';
export { awsAdminApiRef } from './AwsAdminApi';
