/**
 * The aws-bridge `aws` backend plugin.
 *
 * @packageDocumentation
 */

export { awsPlugin as default } from './plugin';
// The admin API's response types are defined in the common library, where the frontend reads
// them; re-exported here under the names this package has always exported.
export type {
  AwsAccountsHealthResponse,
  AwsHealthResponse,
} from '@aws-bridge/plugin-aws-common';
export { createRouter } from './legacy/createRouter';
export type { RouterOptions } from './legacy/createRouter';
