import { configApiRef, discoveryApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { AwsAlbSignInError } from './AwsAlbSignInError';

/** A failed `/api/auth/awsalb/refresh` as the sign-in page receives it (a ResponseError). */
function refreshError(status: number, message: string, reason?: string): Error {
  return Object.assign(new Error(message), {
    name: 'ResponseError',
    statusCode: status,
    body: {
      error: { name: 'AuthenticationError', message, reason },
      response: { statusCode: status },
    },
  });
}

export default {
  title: 'Plugins/aws/AwsAlbSignInPage/Errors',
  component: AwsAlbSignInError,
  decorators: [
    (Story: () => JSX.Element) => (
      <TestApiProvider
        apis={[
          [
            configApiRef,
            mockApis.config({
              data: {
                app: {
                  title: 'aws-bridge demo',
                  baseUrl: 'http://localhost:8080',
                },
              },
            }),
          ],
          [
            discoveryApiRef,
            { getBaseUrl: async () => 'http://localhost:8080/api/auth' },
          ],
        ]}
      >
        <Story />
      </TestApiProvider>
    ),
  ],
};

export const NoAlbSession = () => (
  <AwsAlbSignInError
    error={refreshError(401, 'Request failed with status 401 Unauthorized')}
  />
);

export const NotThroughTheAlb = () => (
  <AwsAlbSignInError
    error={refreshError(
      401,
      'Missing ALB header x-amzn-oidc-data: is the request coming through an ALB listener rule with an authenticate action?',
      'missing-header',
    )}
  />
);

export const NoCatalogUser = () => (
  <AwsAlbSignInError
    error={refreshError(
      401,
      "Signed in by the ALB as carol@contractor.example, but no User entity in the catalog matches (resolvers tried: emailMatchingUserEntityProfileEmail, usernameMatchingUserEntityName): check the sign-in resolvers in auth.providers.awsalb.signIn and the catalog's users",
      'user-not-found',
    )}
  />
);

export const Refused = () => (
  <AwsAlbSignInError
    error={refreshError(
      401,
      'The ALB token was signed by "arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/intruder/0123456789abcdef", which is not a configured signer',
      'invalid-signer',
    )}
  />
);

export const BackendUnreachable = () => (
  <AwsAlbSignInError error={new TypeError('Failed to fetch')} />
);
