import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt, type CryptoKey, type KeyObject, SignJWT } from 'jose';
import { DemoUser } from './demoUsers';

/**
 * Access tokens as Amazon Cognito issues them, for the emulator's `cognito` IdP. Cognito's
 * access token is an RS256 JWT from the user pool's JWKS, and it is where Cognito puts a
 * person's groups (`cognito:groups`); its userinfo, which the ALB signs, never has them. It has
 * `token_use: access`, `client_id` and `username`, and no `aud`. oidc-provider issues opaque
 * access tokens for its userinfo endpoint, so the IdP swaps them: the token endpoint answers a
 * Cognito-shaped JWT, and the userinfo endpoint, called with it, sees the opaque one again.
 */
export class CognitoAccessTokens {
  /** JWT to the opaque token it stands for, until it expires. */
  readonly #opaqueByJwt = new Map<
    string,
    { opaque: string; expiresAt: number }
  >();

  constructor(
    private readonly options: {
      issuer: string;
      clientId: string;
      signingKey: CryptoKey | KeyObject;
      kid: string;
      usersBySub: Map<string, DemoUser>;
    },
  ) {}

  /** The Cognito access token for a token response's opaque one, for the ID token's subject. */
  async #mint(
    opaque: string,
    idToken: string,
    scope: string,
    expiresIn: number,
  ): Promise<string> {
    const { sub, auth_time: authTime } = decodeJwt(idToken);
    const user = sub ? this.options.usersBySub.get(sub) : undefined;
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({
      ...(user?.groups.length ? { 'cognito:groups': user.groups } : {}),
      version: 2,
      client_id: this.options.clientId,
      origin_jti: randomUUID(),
      token_use: 'access',
      scope,
      auth_time: authTime ?? now,
      // In a user pool that signs in by email, the username is the sub: as the userinfo says.
      username: sub,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.options.kid })
      .setSubject(String(sub))
      .setIssuer(this.options.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(this.options.signingKey);
    for (const [key, entry] of this.#opaqueByJwt) {
      if (entry.expiresAt < now) this.#opaqueByJwt.delete(key);
    }
    this.#opaqueByJwt.set(jwt, { opaque, expiresAt: now + expiresIn });
    return jwt;
  }

  /** Before the IdP sees a userinfo call: a Cognito access token becomes its opaque token. */
  restoreOpaque(req: IncomingMessage): void {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const entry = match && this.#opaqueByJwt.get(match[1]);
    if (entry) req.headers.authorization = `Bearer ${entry.opaque}`;
  }

  /**
   * Around the IdP's token endpoint: holds back the JSON it answers and sends it with the
   * access token made a Cognito one. Anything else (an error answer) passes unchanged.
   */
  rewriteTokenResponse(res: ServerResponse): void {
    const chunks: Buffer[] = [];
    const end = res.end.bind(res);
    const collect = (chunk: unknown) => {
      if (
        chunk !== undefined &&
        chunk !== null &&
        typeof chunk !== 'function'
      ) {
        chunks.push(Buffer.from(chunk as string | Uint8Array));
      }
    };
    res.write = ((chunk: unknown) => {
      collect(chunk);
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      collect(chunk);
      const body = Buffer.concat(chunks);
      this.#rewrite(res.statusCode, body).then(
        rewritten => {
          if (!res.headersSent) {
            res.setHeader('content-length', rewritten.length);
          }
          end(rewritten);
        },
        () => end(body),
      );
      return res;
    }) as typeof res.end;
  }

  async #rewrite(status: number, body: Buffer): Promise<Buffer> {
    if (status !== 200) return body;
    const answer = JSON.parse(body.toString('utf8'));
    if (
      typeof answer.access_token !== 'string' ||
      typeof answer.id_token !== 'string'
    ) {
      return body;
    }
    answer.access_token = await this.#mint(
      answer.access_token,
      answer.id_token,
      String(answer.scope ?? 'openid'),
      Number(answer.expires_in ?? 3600),
    );
    return Buffer.from(JSON.stringify(answer));
  }
}
