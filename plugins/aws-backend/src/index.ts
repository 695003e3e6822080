/**
 * The aws-bridge `aws` backend plugin.
 *
 * @packageDocumentation
 */

export { awsPlugin as default } from './plugin';
export type { AwsHealthResponse } from './service/router';
