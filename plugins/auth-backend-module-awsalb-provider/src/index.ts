/**
 * Sign-in for Backstage behind an AWS Application Load Balancer: the `awsalb` auth provider
 * module, verifying the ALB's signed headers as AWS specifies.
 *
 * @packageDocumentation
 */
export { authModuleAwsAlbProvider as default } from './module';
export { awsAlbAuthenticator } from './authenticator';
export { createAwsAlbProviderFactory } from './providerFactory';
export { awsAlbSignInResolvers } from './resolvers';
export { AlbKeyCache } from './AlbKeyCache';
export type { AlbKeyCacheOptions } from './AlbKeyCache';
export { AlbTokenVerifier } from './AlbTokenVerifier';
export type {
  AlbTokenHeader,
  AlbTokenVerifierOptions,
  AlbUserClaims,
  VerifiedAlbToken,
} from './AlbTokenVerifier';
export { AwsAlbAuthError } from './errors';
export type { AwsAlbFailureReason } from './errors';
export type { AwsAlbIdp } from './idpPresets';
export type { AwsAlbResult } from './types';
