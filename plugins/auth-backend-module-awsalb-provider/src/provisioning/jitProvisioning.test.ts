import { AddressInfo } from 'node:net';
import {
  AWS_IDP_SUBJECT_ANNOTATION,
  AWS_PROVISIONED_BY_ANNOTATION,
} from '@aws-bridge/plugin-aws-common';
import catalogModuleAwsUsers from '@aws-bridge/plugin-catalog-backend-module-aws-users';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import awsAlbModule from '..';
import {
  AlbSigningKey,
  awsAlbTestConfig,
  catalogUser,
  catalogWithFile,
  httpGet,
  startTestIdp,
  TestIdp,
  useKeyServer,
} from '../__testUtils__';

// Just-in-time provisioning through the real auth backend, the real catalog (SQLite) and the
// aws-users catalog module: what a person who signs in gets, and what the catalog then holds.

// The catalog processes what sign-in provisions in the background; waits for it take seconds.
jest.setTimeout(30_000);

const key = new AlbSigningKey();
const keyServer = useKeyServer([key]);
let baseUrl: string;
let stopBackend: () => Promise<void>;

// A catalog file with one person, whose name a newcomer's username collides with.
const CATALOG_FILE = `
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: mallory }
spec: { profile: { email: mallory@example.com }, memberOf: [] }
`;

// Cognito's shape: the userinfo (the ALB's token) has no groups; the access token, a JWT from
// the user pool's keys, has them in cognito:groups, and sign-in verifies it by default.
let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp();
  const backend = await startTestBackend({
    features: [
      authPlugin,
      awsAlbModule,
      catalogPlugin,
      catalogModuleAwsUsers,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          catalog: catalogWithFile(CATALOG_FILE),
          auth: {
            providers: {
              awsalb: awsAlbTestConfig(keyServer.url, {
                idp: 'cognito',
                issuer: idp.issuer,
                provisioning: {
                  enabled: true,
                  allowedGroups: ['payments', 'platform'],
                  groupMapping: [
                    { idpGroup: 'Data Science', group: 'data-science' },
                  ],
                  allowedEmailDomains: ['example.com'],
                },
              }),
            },
          },
        },
      }),
    ],
  });
  baseUrl = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  stopBackend = () => backend.stop();
}, 60_000);
afterAll(async () => {
  await idp?.stop();
  await stopBackend?.();
});

/** Signs in with `claims` as the userinfo, and their `cognito:groups` in the access token. */
const signIn = async ({
  'cognito:groups': groups,
  ...userinfo
}: Record<string, unknown>) =>
  httpGet(`${baseUrl}/api/auth/awsalb/refresh`, {
    'x-amzn-oidc-data': key.token({
      header: { iss: idp.issuer },
      claims: { ...userinfo, iss: idp.issuer },
    }),
    'x-amzn-oidc-accesstoken': await idp.accessToken({
      sub: userinfo.sub,
      ...(groups !== undefined && { 'cognito:groups': groups }),
    }),
  });

/** The User entity named `name` once `until` holds for it (the catalog processes in the background). */
const userEntity = (
  name: string,
  until?: (entity: Entity | undefined) => boolean,
) => catalogUser(baseUrl, name, until);

const JANE = {
  sub: '7c1d6a8e-2f4b-4c35-9a70-1e0f5d6b8a21',
  email: 'jane.doe@example.com',
  username: 'jdoe',
  name: 'Jane Doe',
  'cognito:groups': ['payments', 'Data Science'],
};

describe('just-in-time provisioning at ALB sign-in', () => {
  it('signs in a person the catalog lacks as a new User, with their groups, and adds them to the catalog', async () => {
    expect(await userEntity('jdoe', () => true)).toBeUndefined();

    const answer = await signIn(JANE);

    expect(answer.status).toBe(200);
    expect(answer.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/jdoe',
      ownershipEntityRefs: [
        'user:default/jdoe',
        // Backstage lower-cases the refs in its tokens.
        'group:default/data-science',
        'group:default/payments',
      ],
    });
    const entity = await userEntity('jdoe');
    expect(entity?.spec).toEqual({
      profile: {
        displayName: 'Jane Doe',
        email: 'jane.doe@example.com',
        picture: 'https://example.com/jane.png',
      },
      memberOf: ['group:default/data-science', 'group:default/payments'],
    });
    expect(entity?.metadata.annotations).toMatchObject({
      [AWS_PROVISIONED_BY_ANNOTATION]: 'alb-sign-in',
      [AWS_IDP_SUBJECT_ANNOTATION]: `${idp.issuer}#${JANE.sub}`,
    });
  });

  it('updates the entity when a later sign-in brings changed claims', async () => {
    // Found by the resolver now: this sign-in takes the update path, not the new-user one.
    const answer = await signIn({
      ...JANE,
      name: 'Jane Q. Doe',
      'cognito:groups': ['platform'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/jdoe',
    );
    const entity = await userEntity(
      'jdoe',
      e => (e?.spec?.profile as any)?.displayName === 'Jane Q. Doe',
    );
    expect(entity?.spec).toMatchObject({
      profile: { displayName: 'Jane Q. Doe' },
      memberOf: ['group:default/platform'],
    });
  });

  it.each([
    [
      'an email domain outside allowedEmailDomains',
      { email: 'ken@contractor.example', username: 'ken', sub: 'sub-ken' },
      'the email domain contractor.example is not one of auth.providers.awsalb.provisioning.allowedEmailDomains',
      'ken',
    ],
    [
      'no group in allowedGroups',
      {
        email: 'lee@example.com',
        username: 'lee',
        sub: 'sub-lee',
        'cognito:groups': ['marketing'],
      },
      'none of their groups (marketing) is one of auth.providers.awsalb.provisioning.allowedGroups',
      'lee',
    ],
  ])(
    'refuses %s with a 401 that says why, and adds no one',
    async (_case, claims, message, name) => {
      const answer = await signIn({ ...JANE, ...claims });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ name: 'AuthenticationError' });
      expect(answer.body.error.message).toContain(message);
      expect(await userEntity(name, () => true)).toBeUndefined();
    },
  );

  it('never takes over an entity another source owns, even when its name matches', async () => {
    // mallory@example.com's entity comes from a catalog file; this is another person whose
    // username is also mallory, in an allowed domain, whom the email resolver does not match.
    await userEntity('mallory');
    const answer = await signIn({
      ...JANE,
      email: 'mallory.b@example.com',
      username: 'mallory',
      sub: 'sub-other-mallory',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toContain(
      'cannot be provisioned as user:default/mallory: a User entity of that name already exists',
    );
    const entity = await userEntity('mallory');
    expect(entity?.spec?.profile).toEqual({ email: 'mallory@example.com' });
  });

  // Finding 3 of issue 43: groups met by a lossy name. Each of these arrived beside an allowed
  // group and made the person a member of group:default/platform, the admins.
  it.each([
    'platform@contractors.example',
    '../../platform',
    '-platform-',
    'platform!',
    ' platform',
    'Platform',
  ])(
    'makes no membership of an IdP group config does not name exactly (%j)',
    async group => {
      const hex = Buffer.from(group).toString('hex');
      const sub = `sub-groups-${hex}`;
      const username = `g${hex.slice(-20)}`;
      const answer = await signIn({
        ...JANE,
        sub,
        username,
        email: `${username}@example.com`,
        'cognito:groups': ['payments', group],
      });
      expect(answer.status).toBe(200);
      expect(
        answer.body.backstageIdentity.identity.ownershipEntityRefs,
      ).toEqual([`user:default/${username}`, 'group:default/payments']);
    },
  );

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a groups claim that is a string, not a list',
      {
        username: 'ann',
        email: 'ann@example.com',
        'cognito:groups': 'platform',
      },
      'the cognito:groups claim is not a list of group names',
    ],
    [
      'a groups claim longer than maxGroups',
      {
        username: 'ann',
        email: 'ann@example.com',
        'cognito:groups': [
          'platform',
          ...Array.from({ length: 600 }, (_, i) => `g${i}`),
        ],
      },
      'the cognito:groups claim lists 601 groups, more than auth.providers.awsalb.provisioning.maxGroups (100)',
    ],
    [
      'a username that is not an entity name as it is',
      { username: 'Ann Lee', email: 'ann.lee@example.com' },
      'Ann Lee is not a User entity name as it is',
    ],
    [
      'a username whose domain is not an allowed email domain',
      { username: 'ann@partner.example', email: 'ann.lee@example.com' },
      'the name ann@partner.example has a domain, which is dropped to name a User entity only for the domains in auth.providers.awsalb.provisioning.allowedEmailDomains',
    ],
    [
      'an email the IdP marks unverified',
      { username: 'ann', email: 'ann@example.com', email_verified: 'false' },
      // The email resolver refuses it before provisioning is asked.
      'the email claim does not count as an email: the IdP marks it unverified',
    ],
  ])('refuses %s, and adds no one', async (_case, claims, message) => {
    const answer = await signIn({ ...JANE, sub: 'sub-refused', ...claims });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toContain(message);
    for (const name of ['ann', 'Ann-Lee', 'platform', 'jdoe2']) {
      expect(await userEntity(name, () => true)).toBeUndefined();
    }
  });

  // Finding 4 of issue 43: the "name already taken" check read the catalog, which shows a new
  // entity seconds later, so people signing in at once all became one entity.
  it('gives a name to exactly one of six people who sign in under it at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        signIn({
          ...JANE,
          sub: `sub-racer-${i}`,
          username: 'racer',
          email: `racer${i}@example.com`,
        }),
      ),
    );
    const statuses = answers.map(answer => answer.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401]);
    for (const refused of answers.filter(answer => answer.status === 401)) {
      expect(refused.body.error.message).toContain(
        'cannot be provisioned as user:default/racer: that name already belongs to another person provisioned at sign-in',
      );
    }
    const winner = answers.find(answer => answer.status === 200)!;
    const entity = await userEntity('racer');
    expect(entity?.spec?.profile).toMatchObject({
      email: winner.body.profile.email,
    });
    // The others stay refused once the entity is in the catalog, and the winner keeps it.
    const again = await signIn({
      ...JANE,
      sub: `sub-racer-x`,
      username: 'racer',
      email: 'racer-x@example.com',
    });
    expect(again.status).toBe(401);
  });

  it('gives an email to one person only, and both can still sign in as themselves', async () => {
    const [first, second] = await Promise.all(
      ['one', 'two'].map(who =>
        signIn({
          ...JANE,
          sub: `sub-shared-${who}`,
          username: `shared-${who}`,
          email: 'shared@example.com',
        }),
      ),
    );
    expect([first.status, second.status].sort()).toEqual([200, 401]);
    const refused = first.status === 401 ? first : second;
    expect(refused.body.error.message).toContain(
      'the email shared@example.com already belongs to another person provisioned at sign-in',
    );
    // The one provisioned signs in again by their subject, not locked out by a duplicate.
    const winner = first.status === 200 ? 'one' : 'two';
    await userEntity(`shared-${winner}`);
    const back = await signIn({
      ...JANE,
      sub: `sub-shared-${winner}`,
      username: `shared-${winner}`,
      email: 'shared@example.com',
    });
    expect(back.status).toBe(200);
    expect(back.body.backstageIdentity.identity.userEntityRef).toBe(
      `user:default/shared-${winner}`,
    );
  });
});
