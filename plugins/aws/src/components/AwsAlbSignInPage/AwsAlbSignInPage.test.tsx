import {
  configApiRef,
  discoveryApiRef,
  IdentityApi,
} from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import {
  backendError,
  FakeAuthBackend,
  startFakeAuthBackend,
} from '../../__testUtils__/authBackend';
import { AwsAlbSignInPage } from './AwsAlbSignInPage';

// The ALB's own answer to a `deny` rule without a session.
const ALB_401 =
  '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n</body>\r\n</html>\r\n';

let backend: FakeAuthBackend;
beforeEach(async () => {
  backend = await startFakeAuthBackend();
});
afterEach(() => backend.stop());

async function renderPage(onSignInSuccess = jest.fn()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, { getBaseUrl: async () => backend.authUrl }],
        [
          configApiRef,
          mockApis.config({
            data: {
              app: {
                title: 'aws-bridge test',
                baseUrl: 'http://localhost:8080',
              },
            },
          }),
        ],
      ]}
    >
      <AwsAlbSignInPage
        onSignInSuccess={onSignInSuccess}
        sessionCheckIntervalMs={0}
      />
    </TestApiProvider>,
  );
  return onSignInSuccess;
}

describe('AwsAlbSignInPage', () => {
  it('signs in with the awsalb provider and hands over an identity that knows the user', async () => {
    const onSignInSuccess = await renderPage();
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/alice',
    );
    expect((await identity.getProfileInfo()).email).toBe('alice@example.com');
    expect(backend.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/auth/awsalb/refresh',
    });
  });

  it.each([
    [
      'no ALB session (the ALB answers 401 itself)',
      { status: 401, html: ALB_401 },
      'You are not signed in',
      /session at the load balancer has ended/,
      'Sign in',
    ],
    [
      'a request without the ALB headers',
      backendError(
        401,
        'Missing ALB header x-amzn-oidc-data',
        'missing-header',
      ),
      'You are not signed in',
      /without the load balancer's sign-in headers/,
      'Sign in',
    ],
    [
      'a person the catalog does not know',
      backendError(
        401,
        'Signed in by the ALB as carol@contractor.example, but no User entity in the catalog matches (resolvers tried: emailMatchingUserEntityProfileEmail)',
        'user-not-found',
      ),
      'Backstage does not know you yet',
      /carol@contractor.example.*emailMatchingUserEntityProfileEmail/,
      'Sign in as someone else',
    ],
    [
      'a person just-in-time provisioning does not admit',
      backendError(
        401,
        'carol@contractor.example is not in the catalog and cannot be added: the email domain contractor.example is not one of auth.providers.awsalb.provisioning.allowedEmailDomains',
        'not-provisioned',
      ),
      'Backstage does not know you yet',
      /contractor.example is not one of auth.providers.awsalb.provisioning.allowedEmailDomains/,
      'Sign in as someone else',
    ],
    [
      'a token the backend refuses',
      backendError(
        401,
        'The ALB token was signed by "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1", which is not a configured signer',
        'invalid-signer',
      ),
      'Sign-in refused',
      /not a configured signer/,
      'Try again',
    ],
    [
      'a backend the ALB cannot reach (502)',
      { status: 502, html: '<html>502 Bad Gateway</html>' },
      'Backstage cannot be reached',
      /did not answer \(HTTP 502\)/,
      'Try again',
    ],
  ])(
    'explains %s and offers what helps',
    async (_name, reply, title, text, action) => {
      backend.replies.refresh = reply;
      const onSignInSuccess = await renderPage();
      expect(await screen.findByText(title)).toBeInTheDocument();
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
      expect(screen.getByRole('button', { name: action })).toBeInTheDocument();
      expect(screen.getByText('aws-bridge test')).toBeInTheDocument();
      expect(onSignInSuccess).not.toHaveBeenCalled();
    },
  );

  it('says the backend cannot be reached when nothing answers', async () => {
    await backend.stop();
    await renderPage();
    expect(
      await screen.findByText('Backstage cannot be reached'),
    ).toBeInTheDocument();
  });
});
