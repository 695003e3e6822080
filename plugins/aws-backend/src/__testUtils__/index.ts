// The proxy tests' shared setup: backends on the AWS emulator, raw HTTP, and the fixture.
export { startAwsEmulator } from '@aws-bridge/aws-emulator';
export type { AwsEmulator } from '@aws-bridge/aws-emulator';
export * from './backends';
export * from './fixtures';
export * from './http';
export * from './permissions';
