import { DiscoveryApi } from '@backstage/core-plugin-api';

/** The awsalb provider's routes in the auth backend, from the app's discovery API. */
export async function albAuthUrl(
  discoveryApi: DiscoveryApi,
  route: 'refresh' | 'logout',
): Promise<string> {
  return `${await discoveryApi.getBaseUrl('auth')}/awsalb/${route}`;
}

// Like Backstage's own auth calls: a header a cross-site form cannot send.
const XHR_HEADERS = { 'X-Requested-With': 'XMLHttpRequest' };

/**
 * Whether the ALB still has a session for this browser. The recommended `deny` rule answers
 * `/api/*` with a 401 once it has none; an `authenticate` rule answers with a redirect to the
 * IdP, which `redirect: 'manual'` shows as an opaque redirect. A network failure proves nothing,
 * so it counts as still signed in.
 */
export async function albSessionEnded(
  discoveryApi: DiscoveryApi,
): Promise<boolean> {
  try {
    const response = await fetch(await albAuthUrl(discoveryApi, 'refresh'), {
      credentials: 'include',
      redirect: 'manual',
      cache: 'no-store',
      headers: XHR_HEADERS,
    });
    return response.status === 401 || response.type === 'opaqueredirect';
  } catch {
    return false;
  }
}

/**
 * Signs out at the ALB, then at the IdP. The backend expires the ALB's session cookies (they
 * are HttpOnly: only a response can) and names the IdP's logout URL; the browser goes there, so
 * the IdP's session ends too and the next visit asks for a login. Never resolves: the page is
 * leaving (and Backstage's identity proxy navigates to `/` as soon as a sign-out resolves,
 * which would race the IdP's logout).
 */
export async function signOutAtAlbAndIdp(
  discoveryApi: DiscoveryApi,
  navigate: (url: string) => void = url => window.location.assign(url),
): Promise<never> {
  let logoutUrl: string | null = null;
  try {
    const response = await fetch(await albAuthUrl(discoveryApi, 'logout'), {
      method: 'POST',
      credentials: 'include',
      headers: XHR_HEADERS,
    });
    if (response.ok) ({ logoutUrl } = await response.json());
  } catch {
    // The ALB session is gone already (a 401) or the backend is down: the IdP's logout URL is
    // unknown, so go to the app, which asks the ALB, which asks the IdP.
  }
  navigate(logoutUrl ?? '/');
  return new Promise<never>(() => {});
}
