import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, {
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { DemoDirectory, DemoUser } from './demoUsers';
import { CognitoAccessTokens } from './cognitoAccessTokens';
import { CLAIMS_BY_SCOPE, IdpFlavour, userinfoClaims } from './idpClaims';
import { htmlEscape, loginPage, logoutPage } from './loginPage';

export type IdpOptions = {
  /** The issuer: the ALB's public URL with `/idp`, e.g. `http://localhost:8080/idp`. */
  issuer: string;
  directory: DemoDirectory;
  flavour: IdpFlavour;
  /** The one client: the ALB's authenticate action. */
  client: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
  };
  /** How long an access token lives; the ALB's session is as long. */
  accessTokenTtlSeconds: number;
};

export type Idp = {
  /** Handles a request whose path is under the issuer's path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The IdP's end-session endpoint, where a sign-out sends the browser. */
  endSessionUrl: string;
};

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/**
 * A real OIDC provider (panva's `oidc-provider`, certified by the OpenID Foundation) with a
 * login form for the demo users: the ALB emulator signs users in through it exactly as an ALB
 * signs them in through Cognito, Okta or Entra ID, authorization code flow with a client secret.
 */
export async function createIdp(options: IdpOptions): Promise<Idp> {
  const { issuer, directory, flavour, client } = options;
  const basePath = new URL(issuer).pathname.replace(/\/$/, '');
  const usersBySub = new Map<string, DemoUser>(
    directory.users.map(user => [userinfoClaims(user, flavour).sub, user]),
  );
  const signingKey = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  // Cognito's access tokens are JWTs from the pool's keys; the others' stay opaque.
  const cognitoAccessTokens =
    flavour === 'cognito'
      ? new CognitoAccessTokens({
          issuer,
          clientId: client.clientId,
          signingKey: signingKey.privateKey,
          kid,
          usersBySub,
        })
      : undefined;

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        post_logout_redirect_uris: [client.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: {
      keys: [
        {
          ...(await exportJWK(signingKey.privateKey)),
          kid,
          alg: 'RS256',
          use: 'sig',
        },
      ],
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: CLAIMS_BY_SCOPE,
    async findAccount(_ctx, sub) {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => userinfoClaims(user, flavour) };
    },
    // The ALB is the IdP's own client: no consent screen, as with a first-party app.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grantId =
        oidc.result?.consent?.grantId ??
        oidc.session!.grantIdFor(oidc.client!.clientId);
      const existing = grantId && (await oidc.provider.Grant.find(grantId));
      if (existing) return existing;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope(String(oidc.params!.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    interactions: {
      url: (_ctx, pending) => `${basePath}/interaction/${pending.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form);
        },
      },
    },
    // The ALB's authenticate action sends no PKCE; a confidential client need not.
    pkce: { required: () => false },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><title>IdP error</title><pre>${htmlEscape(
        JSON.stringify(out, null, 2),
      )}</pre>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    isSubmit: boolean,
  ) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const action = `${basePath}/interaction/${uid}/login`;
    const page = (error?: string, username?: string) => {
      res.writeHead(error ? 401 : 200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        loginPage({
          action,
          usernames: directory.users.map(u => u.username),
          password: directory.password,
          username,
          error,
        }),
      );
    };
    if (!isSubmit) {
      page();
      return;
    }
    const form = await readForm(req);
    const username = form.get('username')?.trim() ?? '';
    const user = directory.users.find(u => u.username === username);
    if (!user || form.get('password') !== directory.password) {
      page('Unknown username or wrong password.', username);
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: userinfoClaims(user, flavour).sub } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    endSessionUrl: `${issuer.replace(/\/$/, '')}/session/end`,
    async handle(req, res) {
      const path = (req.url ?? '/').slice(basePath.length) || '/';
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(
        path.split('?')[0],
      );
      if (match) {
        const isSubmit = Boolean(match[2]) && req.method === 'POST';
        try {
          await interaction(req, res, match[1], isSubmit);
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(
            `This sign-in link has expired or is not valid (${
              (error as Error).message
            }). Go back to the app and sign in again.`,
          );
        }
        return;
      }
      const route = path.split('?')[0];
      if (cognitoAccessTokens && route === '/token' && req.method === 'POST') {
        cognitoAccessTokens.rewriteTokenResponse(res);
      }
      if (cognitoAccessTokens && route === '/me') {
        cognitoAccessTokens.restoreOpaque(req);
      }
      // oidc-provider routes relative to its mount path and reads the mount from originalUrl.
      Object.assign(req, { originalUrl: req.url, url: path });
      callback(req, res);
    },
  };
}
