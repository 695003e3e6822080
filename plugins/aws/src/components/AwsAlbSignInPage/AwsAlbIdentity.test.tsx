import { DiscoveryApi, IdentityApi } from '@backstage/core-plugin-api';
import { act, render, screen, waitFor } from '@testing-library/react';
import {
  backendError,
  FakeAuthBackend,
  signedIn,
  startFakeAuthBackend,
} from '../../__testUtils__/authBackend';
import { albSessionState } from './albSessionState';
import { AwsAlbIdentity } from './AwsAlbIdentity';
import { AwsAlbSessionEndedPrompt } from './AwsAlbSessionEndedPrompt';

let backend: FakeAuthBackend;
let discoveryApi: DiscoveryApi;
const identities: AwsAlbIdentity[] = [];

beforeEach(async () => {
  backend = await startFakeAuthBackend();
  discoveryApi = { getBaseUrl: async () => backend.authUrl };
});
afterEach(async () => {
  // Stop each identity's watching so no timer outlives its test.
  identities.splice(0).forEach(created => created.stopWatching());
  await backend.stop();
});

/** The identity ProxiedSignInPage would hand over, as a plain object with the same methods. */
function innerIdentity(overrides: Partial<IdentityApi> = {}): IdentityApi {
  return {
    getProfileInfo: async () => ({ email: 'alice@example.com' }),
    getBackstageIdentity: async () => ({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: [],
    }),
    getCredentials: async () => ({ token: 'backstage-token' }),
    signOut: jest.fn(async () => {}),
    ...overrides,
  };
}

function identity(
  inner: IdentityApi,
  options: ConstructorParameters<typeof AwsAlbIdentity>[2] = {},
) {
  const created = new AwsAlbIdentity(inner, discoveryApi, {
    checkIntervalMs: 0,
    ...options,
  });
  identities.push(created);
  return created;
}

describe('AwsAlbIdentity', () => {
  it('passes the signed-in user through', async () => {
    const subject = identity(innerIdentity());
    expect((await subject.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/alice',
    );
    expect(await subject.getCredentials()).toEqual({
      token: 'backstage-token',
    });
  });

  it('signs out at the ALB (POST logout, as XHR) and then goes to the IdP logout URL, never resolving', async () => {
    const inner = innerIdentity();
    const navigate = jest.fn();
    const subject = identity(inner, { navigate });
    let settled = false;
    subject.signOut().then(() => {
      settled = true;
    });
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith('https://idp.example.com/logout'),
    );
    expect(inner.signOut).toHaveBeenCalled();
    const logout = backend.requests.find(
      r => r.path === '/api/auth/awsalb/logout',
    );
    expect(logout).toMatchObject({ method: 'POST' });
    expect(logout!.headers['x-requested-with']).toBe('XMLHttpRequest');
    await new Promise(resolve => setTimeout(resolve, 50));
    // Backstage's identity proxy navigates to / once sign-out resolves; that would race the IdP.
    expect(settled).toBe(false);
  });

  it('goes to the app when the backend names no logout URL or cannot be reached', async () => {
    backend.replies.logout = { status: 200, body: { logoutUrl: null } };
    const navigate = jest.fn();
    void identity(innerIdentity(), { navigate }).signOut();
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));

    await backend.stop();
    const navigateAfterStop = jest.fn();
    void identity(innerIdentity(), { navigate: navigateAfterStop }).signOut();
    await waitFor(() => expect(navigateAfterStop).toHaveBeenCalledWith('/'));
  });
});

describe('noticing an ALB session that ended', () => {
  beforeEach(() => albSessionState.set('active'));

  it('shows the prompt when the ALB answers 401 on the timer', async () => {
    render(<AwsAlbSessionEndedPrompt />);
    identity(innerIdentity(), { checkIntervalMs: 50 });
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(
      screen.queryByText('Your sign-in has ended'),
    ).not.toBeInTheDocument();

    backend.replies.refresh = {
      status: 401,
      html: '<html>401 Authorization Required</html>',
    };
    expect(
      await screen.findByText('Your sign-in has ended'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in again' }),
    ).toBeInTheDocument();
  });

  it('checks when the window gets focus again', async () => {
    render(<AwsAlbSessionEndedPrompt />);
    identity(innerIdentity());
    backend.replies.refresh = backendError(
      401,
      'The ALB token expired',
      'expired',
    );
    expect(
      screen.queryByText('Your sign-in has ended'),
    ).not.toBeInTheDocument();
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(
      await screen.findByText('Your sign-in has ended'),
    ).toBeInTheDocument();
  });

  it('checks when a token refresh of the inner identity fails', async () => {
    render(<AwsAlbSessionEndedPrompt />);
    const subject = identity(
      innerIdentity({
        getCredentials: async () => {
          throw new Error('Request failed with status 401');
        },
      }),
    );
    backend.replies.refresh = { status: 401, html: '' };
    await expect(subject.getCredentials()).rejects.toThrow('401');
    expect(
      await screen.findByText('Your sign-in has ended'),
    ).toBeInTheDocument();
  });

  it('does not prompt while the session holds, nor when the backend cannot be reached', async () => {
    render(<AwsAlbSessionEndedPrompt />);
    const subject = identity(innerIdentity());
    backend.replies.refresh = signedIn('alice');
    await subject.checkSession();
    await backend.stop();
    await subject.checkSession();
    expect(albSessionState.get()).toBe('active');
    expect(
      screen.queryByText('Your sign-in has ended'),
    ).not.toBeInTheDocument();
  });
});
