/**
 * The reference AWS deployment of aws-bridge: an AWS CDK stack and the settings it reads.
 *
 * @packageDocumentation
 */
export { BackstageStack } from './BackstageStack';
export type { BackstageStackProps } from './BackstageStack';
export {
  DeploySettingsError,
  deploySettingsSchema,
  readDeploySettings,
} from './settings';
export type { DeploySettings, DeploySettingsInput } from './settings';
export { appEnvironment, APP_SECRET_VARIABLES } from './appEnvironment';
export { taskRoleStatements } from './taskRole';
