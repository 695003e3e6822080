import { AuthenticationError } from '@backstage/errors';
import { AuthProviderRouteHandlers } from '@backstage/plugin-auth-node';
import { AwsAlbProviderOptions } from './config';

const EXPIRED = 'Thu, 01 Jan 1970 00:00:00 GMT';

/** The names of the session cookie's shards the browser sent, `<name>-0` always among them. */
export function sessionCookieShards(
  cookieHeader: string | undefined,
  name: string,
): string[] {
  const shard = new RegExp(
    `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`,
  );
  const names = new Set([`${name}-0`]);
  for (const pair of (cookieHeader ?? '').split(';')) {
    const cookie = pair.split('=')[0].trim();
    if (shard.test(cookie)) names.add(cookie);
  }
  return [...names];
}

/**
 * Sign-out, as AWS documents it for the ALB: expire the ALB's session cookies (they are
 * HttpOnly, so only a response can), then send the browser to the IdP's logout URL, which the
 * answer names: the app navigates there. Without both, a reload signs the user straight back
 * in. Like Backstage's OAuth providers, it requires `X-Requested-With: XMLHttpRequest`, which
 * a cross-site form cannot send, so another site cannot sign a user out.
 */
export function createLogoutHandler(
  signOut: AwsAlbProviderOptions['signOut'],
): NonNullable<AuthProviderRouteHandlers['logout']> {
  return async (req, res) => {
    if (req.header('X-Requested-With') !== 'XMLHttpRequest') {
      throw new AuthenticationError('Invalid X-Requested-With header');
    }
    const secure =
      req.secure || req.header('x-forwarded-proto')?.split(',')[0] === 'https';
    res.setHeader(
      'Set-Cookie',
      sessionCookieShards(req.header('cookie'), signOut.sessionCookieName).map(
        name =>
          `${name}=; Expires=${EXPIRED}; Max-Age=0; Path=/; HttpOnly${secure ? '; Secure' : ''}`,
      ),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({ logoutUrl: signOut.logoutUrl ?? null });
  };
}
