/**
 * A local Application Load Balancer with the `authenticate-oidc` action and the IdP behind it,
 * for the demo and for tests. See README.md.
 */
export {
  startAlbEmulator,
  DEMO_ALB_ARN,
  DEFAULT_SESSION_TIMEOUT_SECONDS,
  IDP_RESPONSE_PATH,
  PUBLIC_KEYS_PATH,
} from './server';
export type { AlbEmulator, AlbEmulatorOptions } from './server';
export type {
  ListenerRule,
  OnUnauthenticatedRequest,
} from './alb/listenerRules';
export { DEFAULT_HEALTH_CHECK } from './alb/TargetGroup';
export type {
  HealthCheck,
  TargetGroupConfig,
  TargetHealth,
} from './alb/TargetGroup';
export { TARGET_HEADER } from './alb/forwardRequest';
export type { IdpFlavour } from './idp/idpClaims';
export { albBase64 } from './alb/AlbSigner';
