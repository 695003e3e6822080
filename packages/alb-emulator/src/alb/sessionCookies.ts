import { randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { EncryptJWT, jwtDecrypt } from 'jose';

/** The ALB's default `SessionCookieName`; the shards are `<name>-0`, `<name>-1`, ... */
export const DEFAULT_SESSION_COOKIE_NAME = 'AWSELBAuthSessionCookie';

/**
 * Browsers keep at most 4096 bytes of name and value per cookie, so the ALB splits a large
 * session across several cookies. 4000 leaves room for the name.
 */
const SHARD_BYTES = 4000;

/** What the ALB keeps about a signed-in user between requests. */
export type AlbSession = {
  /** The claims from the IdP's userinfo endpoint, as they go into `x-amzn-oidc-data`. */
  claims: Record<string, unknown> & { sub: string };
  /** The IdP's access token, forwarded as `x-amzn-oidc-accesstoken`. */
  accessToken: string;
  /** When the session ends (the action's `SessionTimeout`), in seconds since the epoch. */
  expiresAt: number;
};

/** Reads the request's cookies (a repeated name keeps its first value, as browsers send the most specific first). */
function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name && !cookies.has(name))
      cookies.set(name, pair.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * The session's cookies, sealed (encrypted and authenticated, as the ALB's are: a client can
 * neither read nor forge one) with a key that lives as long as the emulator process.
 */
export class SessionCookies {
  readonly #key = randomBytes(32);

  constructor(private readonly options: { name: string; secure: boolean }) {}

  /**
   * `Set-Cookie` values that store the session, split into shards, and expire any higher
   * shard `req` still carries: left over from an earlier, larger session, it would be read as
   * part of this one.
   */
  async write(session: AlbSession, req: IncomingMessage): Promise<string[]> {
    const sealed = await new EncryptJWT({ ...session })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime(session.expiresAt)
      .encrypt(this.#key);
    const shards: string[] = [];
    for (let i = 0; i * SHARD_BYTES < sealed.length; i++) {
      shards.push(sealed.slice(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
    }
    const expires = new Date(session.expiresAt * 1000).toUTCString();
    const setCookies = shards.map(
      (value, i) =>
        `${this.options.name}-${i}=${value}; Expires=${expires}; Path=/; HttpOnly; SameSite=Lax${
          this.options.secure ? '; Secure' : ''
        }`,
    );
    const prefix = `${this.options.name}-`;
    for (const name of readCookies(req).keys()) {
      const index = name.slice(prefix.length);
      if (
        name.startsWith(prefix) &&
        /^\d+$/.test(index) &&
        Number(index) >= shards.length
      ) {
        setCookies.push(
          `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`,
        );
      }
    }
    return setCookies;
  }

  /** The request's session, or undefined when it has none, or an expired or forged one. */
  async read(
    req: IncomingMessage,
    now = Date.now(),
  ): Promise<AlbSession | undefined> {
    const cookies = readCookies(req);
    let sealed = '';
    for (let i = 0; cookies.has(`${this.options.name}-${i}`); i++) {
      sealed += cookies.get(`${this.options.name}-${i}`);
    }
    if (!sealed) return undefined;
    try {
      const { payload } = await jwtDecrypt(sealed, this.#key, {
        currentDate: new Date(now),
      });
      return payload as unknown as AlbSession;
    } catch {
      return undefined;
    }
  }
}
