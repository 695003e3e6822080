import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AuthenticateCognitoAction } from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import { Construct } from 'constructs';
import { DeploySettings, durationSeconds } from './settings';

/**
 * The ALB's sign-in: how each listener rule authenticates, and what Backstage must know to
 * trust the result (auth.providers.awsalb).
 */
export type SignIn = {
  /** An authenticate action (Cognito or OIDC) that forwards to `next` once signed in. */
  authenticate(
    onUnauthenticatedRequest: elbv2.UnauthenticatedAction,
    next: elbv2.ListenerAction,
  ): elbv2.ListenerAction;
  /** The `iss` of the tokens the ALB forwards. */
  issuer: string;
  /** The OIDC client the ALB signs in with; the token header's `client`. */
  clientId: string;
  /** Where sign-out sends the browser to end the IdP's session too. */
  logoutUrl?: string;
  /** auth.providers.awsalb.idp: which claims hold the username, email and name. */
  idp: 'cognito' | 'okta' | 'entra' | 'google' | 'generic';
  /** The user pool the stack created, for the outputs. */
  userPool?: cognito.IUserPool;
};

export function createSignIn(
  scope: Construct,
  settings: DeploySettings['signIn'],
  appUrl: string,
): SignIn {
  const common = {
    scope: settings.scopes.join(' '),
    sessionTimeout: Duration.seconds(durationSeconds(settings.sessionTimeout)),
    sessionCookieName: settings.sessionCookieName,
  };
  if (settings.oidc) {
    const oidc = settings.oidc;
    return {
      authenticate: (onUnauthenticatedRequest, next) =>
        elbv2.ListenerAction.authenticateOidc({
          ...common,
          issuer: oidc.issuer,
          authorizationEndpoint: oidc.authorizationEndpoint,
          tokenEndpoint: oidc.tokenEndpoint,
          userInfoEndpoint: oidc.userInfoEndpoint,
          clientId: oidc.clientId,
          // A dynamic reference: CloudFormation reads the secret at deploy time, so its value
          // is never in the template.
          clientSecret: SecretValue.secretsManager(
            oidc.clientSecret.secretName,
            { jsonField: oidc.clientSecret.jsonField },
          ),
          onUnauthenticatedRequest,
          next,
        }),
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      logoutUrl: oidc.logoutUrl,
      idp: oidc.idp,
    };
  }

  const { userPool, userPoolClient, userPoolDomain } = cognitoUserPool(
    scope,
    settings.cognito!,
    settings.scopes,
    appUrl,
  );
  const region = Stack.of(scope).region;
  return {
    authenticate: (onUnauthenticatedRequest, next) =>
      new AuthenticateCognitoAction({
        ...common,
        userPool,
        userPoolClient,
        userPoolDomain,
        onUnauthenticatedRequest,
        next,
      }),
    issuer: `https://cognito-idp.${region}.amazonaws.com/${userPool.userPoolId}`,
    clientId: userPoolClient.userPoolClientId,
    // Cognito ends its session and sends the browser back to the app, which asks for a login.
    logoutUrl: `https://${userPoolDomain.domainName}.auth.${region}.amazoncognito.com/logout?client_id=${userPoolClient.userPoolClientId}&logout_uri=${encodeURIComponent(`${appUrl}/`)}`,
    idp: 'cognito',
    userPool,
  };
}

function cognitoUserPool(
  scope: Construct,
  settings: NonNullable<DeploySettings['signIn']['cognito']>,
  scopes: string[],
  appUrl: string,
) {
  if (settings.userPoolId && settings.userPoolClientId) {
    // The client must have a secret and allow the code grant with
    // <appUrl>/oauth2/idpresponse as a callback URL (docs/deploy.md).
    const userPool = cognito.UserPool.fromUserPoolId(
      scope,
      'UserPool',
      settings.userPoolId,
    );
    return {
      userPool,
      userPoolClient: cognito.UserPoolClient.fromUserPoolClientId(
        scope,
        'UserPoolClient',
        settings.userPoolClientId,
      ),
      userPoolDomain: cognito.UserPoolDomain.fromDomainName(
        scope,
        'UserPoolDomain',
        settings.domainPrefix,
      ),
    };
  }

  // People are invited by an administrator; nobody signs themselves up.
  const userPool = new cognito.UserPool(scope, 'UserPool', {
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    standardAttributes: {
      email: { required: true, mutable: true },
      fullname: { required: false, mutable: true },
    },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: { minLength: 12 },
  });
  const userPoolDomain = userPool.addDomain('Domain', {
    cognitoDomain: { domainPrefix: settings.domainPrefix },
  });
  const userPoolClient = userPool.addClient('AlbClient', {
    // The ALB exchanges the code with the client's secret (authenticate-cognito requires one).
    generateSecret: true,
    authFlows: {},
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: scopes.map(name => cognito.OAuthScope.custom(name)),
      callbackUrls: [`${appUrl}/oauth2/idpresponse`],
      logoutUrls: [`${appUrl}/`],
    },
    supportedIdentityProviders: [
      cognito.UserPoolClientIdentityProvider.COGNITO,
    ],
    preventUserExistenceErrors: true,
  });
  return { userPool, userPoolClient, userPoolDomain };
}
