/**
 * The slice of AWS that aws-bridge talks to, on 127.0.0.1, for the demo and for tests.
 * See the README for the fixture format and what it does not do.
 */
export { startAwsEmulator } from './server';
export type { AwsEmulator, AwsEmulatorOptions, EmulatorCall } from './server';
export type { InjectedError } from './state/Faults';
export type { AssumeRoleCounts } from './state/AssumeRoleTally';
export type { Outage, OutageMode } from './state/Outages';
export { loadFixture, DEFAULT_FIXTURE_PATH } from './fixture/loadFixture';
export type { Fixture, FixtureInput } from './fixture/schema';
export {
  hostileDirectories,
  HOSTILE_DIRECTORIES_TARGET,
  HOSTILE_IDENTITY_STORE_ID,
  HOSTILE_USER_POOL_ID,
} from './fixture/hostileDirectories';
