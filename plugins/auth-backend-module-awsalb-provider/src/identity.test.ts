import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { JsonObject } from '@backstage/types';
import awsAlbModule from '.';
import {
  AlbSigningKey,
  awsAlbTestConfig,
  catalogUser,
  catalogWithFile,
  extraAuthProviders,
  httpGet,
  ISSUER,
  useKeyServer,
} from './__testUtils__';
import { createAwsAlbProviderFactory } from './providerFactory';

// Who a sign-in becomes, through the real auth backend and the real catalog (which looks names
// and emails up ignoring case): the outside review's ways of signing in as someone else
// (issue 43, findings 1, 2 and 6), each refused, beside the sign-ins that must still work.

jest.setTimeout(30_000);

const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { profile: { email: alice@example.com }, memberOf: [platform] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jane }
spec: { profile: { email: jane@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: xavier
  annotations: { aws-bridge.io/idp-subject: '${ISSUER}#sub-xavier' }
spec: { profile: { email: xavier@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: dup-one }
spec: { profile: { email: dup@example.com }, memberOf: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: dup-two }
spec: { profile: { email: dup@example.com }, memberOf: [] }
`;

const key = new AlbSigningKey();
const keyServer = useKeyServer([key]);

const resolvers = (...list: JsonObject[]) => ({ signIn: { resolvers: list } });

/** One awsalb provider per way of configuring sign-in, all in one backend and catalog. */
const PROVIDERS: Record<string, JsonObject> = {
  // The demo's chain, on the generic preset.
  awsalb: resolvers(
    { resolver: 'emailMatchingUserEntityProfileEmail' },
    { resolver: 'usernameMatchingUserEntityName' },
  ),
  username: resolvers({ resolver: 'usernameMatchingUserEntityName' }),
  usernamedomains: resolvers({
    resolver: 'usernameMatchingUserEntityName',
    allowedDomains: ['example.com'],
  }),
  emaildomains: resolvers({
    resolver: 'emailMatchingUserEntityProfileEmail',
    allowedDomains: ['example.com'],
  }),
  unmarkedemails: {
    requireVerifiedEmail: false,
    ...resolvers({ resolver: 'emailMatchingUserEntityProfileEmail' }),
  },
  entra: {
    idp: 'entra',
    ...resolvers({ resolver: 'emailMatchingUserEntityProfileEmail' }),
  },
  // Named after the email, as a Cognito pool that signs in by email may be (usernameClaim).
  emailnames: {
    idp: 'cognito',
    accessToken: { enabled: false },
    usernameClaim: 'email',
    ...resolvers({
      resolver: 'usernameMatchingUserEntityName',
      allowedDomains: ['example.com'],
    }),
  },
  // Entra ID's username is its upn, whatever else the claims hold.
  entranames: {
    idp: 'entra',
    ...resolvers({
      resolver: 'usernameMatchingUserEntityName',
      allowedDomains: ['example.com'],
    }),
  },
  fallback: resolvers({
    resolver: 'emailMatchingUserEntityProfileEmail',
    allowedDomains: ['example.com', 'evil.example'],
    dangerouslyAllowSignInWithoutUserInCatalog: true,
  }),
};

let baseUrl: string;
let stopBackend: () => Promise<void>;

beforeAll(async () => {
  const extraProviders = extraAuthProviders(
    'identityTestProviders',
    Object.fromEntries(
      Object.keys(PROVIDERS)
        .filter(id => id !== 'awsalb')
        .map(id => [id, createAwsAlbProviderFactory()]),
    ),
  );
  const backend = await startTestBackend({
    features: [
      authPlugin,
      awsAlbModule,
      extraProviders,
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          catalog: catalogWithFile(CATALOG),
          auth: {
            providers: Object.fromEntries(
              Object.entries(PROVIDERS).map(([id, config]) => [
                id,
                awsAlbTestConfig(keyServer.url, config),
              ]),
            ),
          },
        },
      }),
    ],
  });
  baseUrl = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  stopBackend = () => backend.stop();
  // Every entity of the file, processed, before any sign-in is tried.
  await catalogUser(baseUrl, 'dup-two');
}, 60_000);
afterAll(async () => {
  await stopBackend?.();
});

/** Claims of the generic preset: no username, a verified email, unless the case says so. */
const BASE = {
  sub: 'sub-someone',
  email: undefined,
  email_verified: true,
  username: undefined,
  preferred_username: undefined,
};

const signIn = (provider: string, claims: Record<string, unknown>) =>
  httpGet(`${baseUrl}/api/auth/${provider}/refresh`, {
    'x-amzn-oidc-data': key.token({ claims: { ...BASE, ...claims } }),
    'x-amzn-oidc-accesstoken': 'opaque',
  });

describe('sign-in cannot be claimed', () => {
  it.each<[string, string, Record<string, unknown>, RegExp]>([
    [
      'a username with a foreign domain, matched by its local part',
      'username',
      { preferred_username: 'alice@contractor.example' },
      /The username alice@contractor.example has a domain, which is dropped to name a User entity only for the domains in allowedDomains/,
    ],
    [
      'a username with a domain outside allowedDomains',
      'usernamedomains',
      { preferred_username: 'jane@partner.example' },
      /The email domain partner.example is not one of the allowedDomains/,
    ],
    [
      'only an email from another domain, taken as the username',
      'username',
      { email: 'alice@evil.example' },
      /The ALB user claims have no username/,
    ],
    [
      'a username that differs from an entity name only in case',
      'username',
      { preferred_username: 'ALICE' },
      /The username ALICE matches user:default\/alice only when case is ignored/,
    ],
    [
      'a username the catalog would rewrite to a name',
      'username',
      { preferred_username: 'alice/../alice' },
      /is not a User entity name as it is/,
    ],
    [
      'an email marked unverified (false)',
      'emaildomains',
      { email: 'alice@example.com', email_verified: false },
      /the email claim does not count as an email: the IdP marks it unverified \(email_verified: false\)/,
    ],
    [
      'an email marked unverified (Cognito\'s "false")',
      'awsalb',
      { email: 'alice@example.com', email_verified: 'false' },
      /the IdP marks it unverified \(email_verified: "false"\)/,
    ],
    [
      'an email with no email_verified claim, by default',
      'awsalb',
      { email: 'alice@example.com', email_verified: undefined },
      /the IdP does not say it is verified/,
    ],
    [
      'an email marked unverified, where unmarked emails are trusted',
      'unmarkedemails',
      { email: 'alice@example.com', email_verified: 'false' },
      /the IdP marks it unverified/,
    ],
    [
      "Entra ID's unverified email claim",
      'entra',
      { email: 'alice@example.com', email_verified: undefined },
      /the IdP does not say it is verified/,
    ],
    [
      'an email with a comma, which would add a catalog filter term',
      'awsalb',
      { email: 'alice@example.com,kind' },
      /the email claim does not count as an email: it is not an email address/,
    ],
    [
      'an email with two @, one of them in the allowed domain',
      'emaildomains',
      { email: 'mallory@evil.example@example.com' },
      /it is not an email address/,
    ],
    [
      "the email of an entity bound to another person's IdP subject",
      'awsalb',
      { email: 'xavier@example.com', sub: 'sub-not-xavier' },
      /matches user:default\/xavier, which belongs to another IdP subject/,
    ],
    [
      "an unknown email whose local part is someone's name, with the fallback on",
      'fallback',
      { email: 'alice@evil.example' },
      /matches no User entity, and user:default\/alice is someone else's/,
    ],
    [
      'a username read from an email the IdP marks unverified',
      'emailnames',
      { email: 'jane@example.com', email_verified: 'false' },
      /The ALB user claims have no username/,
    ],
    [
      'an email two User entities have',
      'awsalb',
      { email: 'dup@example.com' },
      /more than one User entity in the catalog matches/,
    ],
  ])(
    'refuses %s with a 401 saying why',
    async (_case, provider, claims, why) => {
      const answer = await signIn(provider, claims);
      expect(answer.status).toBe(401);
      expect(answer.body.error.name).toBe('AuthenticationError');
      expect(answer.body.error.message).toMatch(why);
    },
  );

  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'a verified email',
      'emaildomains',
      { email: 'alice@example.com' },
      'user:default/alice',
    ],
    [
      "a verified email, upper-cased (one mailbox, as the IdP's)",
      'awsalb',
      { email: 'Alice@Example.com', email_verified: 'true' },
      'user:default/alice',
    ],
    [
      'an unmarked email where the config trusts unmarked emails',
      'unmarkedemails',
      { email: 'alice@example.com', email_verified: undefined },
      'user:default/alice',
    ],
    [
      "Entra ID's upn, which the tenant assigns",
      'entra',
      { upn: 'alice@example.com', email_verified: undefined },
      'user:default/alice',
    ],
    [
      'a username exactly',
      'username',
      { username: 'jane' },
      'user:default/jane',
    ],
    [
      'a username with a domain in allowedDomains',
      'usernamedomains',
      { preferred_username: 'jane@example.com' },
      'user:default/jane',
    ],
    [
      'a username read from a verified email (usernameClaim: email)',
      'emailnames',
      { email: 'jane@example.com', email_verified: 'true' },
      'user:default/jane',
    ],
    [
      "Entra ID's upn before its preferred_username, as the preset lists them",
      'entranames',
      { upn: 'jane@example.com', preferred_username: 'alice' },
      'user:default/jane',
    ],
    [
      'the IdP subject an entity is bound to, whatever the email says',
      'awsalb',
      { sub: 'sub-xavier', email: 'x.new.address@example.com' },
      'user:default/xavier',
    ],
    [
      'an unknown email under the fallback, as its own name',
      'fallback',
      { email: 'newcomer@evil.example' },
      'user:default/newcomer',
    ],
  ])('signs in %s', async (_case, provider, claims, userEntityRef) => {
    const answer = await signIn(provider, claims);
    expect(answer.body.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.backstageIdentity.identity.userEntityRef).toBe(
      userEntityRef,
    );
  });

  it('keeps an unverified email out of the profile too', async () => {
    const answer = await signIn('username', {
      username: 'jane',
      email: 'alice@example.com',
      email_verified: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.profile.email).toBeUndefined();
  });
});
