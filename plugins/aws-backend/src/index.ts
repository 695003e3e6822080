/**
 * The aws-bridge `aws` backend plugin.
 *
 * @packageDocumentation
 */

export { awsPlugin as default } from './plugin';
export type { AwsHealthResponse } from './service/router';
export type { AwsAccountsHealthResponse } from './service/router';
export { createRouter } from './service/createLegacyRouter';
export type { RouterOptions } from './service/createLegacyRouter';
