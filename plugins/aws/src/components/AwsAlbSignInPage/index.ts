export { AwsAlbSignInPage } from './AwsAlbSignInPage';
export type { AwsAlbSignInPageProps } from './AwsAlbSignInPage';
export { AwsAlbSessionEndedPrompt } from './AwsAlbSessionEndedPrompt';
