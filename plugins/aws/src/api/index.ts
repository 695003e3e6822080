export { awsApiRef } from './AwsApi';
