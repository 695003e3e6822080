import { AddressInfo } from 'node:net';
import {
  hostileDirectories,
  HOSTILE_DIRECTORIES_TARGET,
  HOSTILE_USER_POOL_ID,
  HOSTILE_IDENTITY_STORE_ID,
  startAwsEmulator,
} from '@aws-bridge/aws-emulator';
import type { AwsEmulator } from '@aws-bridge/aws-emulator';
import { AWS_IDP_SUBJECT_ANNOTATION } from '@aws-bridge/plugin-aws-common';
import {
  awsUserProvisioningServiceRef,
  DefaultAwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import catalogModuleAwsUsers from '@aws-bridge/plugin-catalog-backend-module-aws-users';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import awsAlbModule from '.';
import {
  AlbSigningKey,
  awsAlbTestConfig,
  catalogUser,
  catalogWithFile,
  httpGet,
  ISSUER,
  useKeyServer,
} from './__testUtils__';

// Sign-in beside the emulator's hostile directories, synced into the real catalog next to the
// file that defines alice, bob and platform: the real people still sign in as themselves,
// with their own groups, and no one signs in as a synced person by a name alone.

jest.setTimeout(60_000);

const MAIN_KEY = {
  accessKeyId: 'AKIATESTDIRECTORY002',
  secretAccessKey: 'test-secret-of-the-sign-in-directory-reader',
};

const key = new AlbSigningKey();
const keyServer = useKeyServer([key]);
let emulator: AwsEmulator;
let baseUrl: string;
let stopBackend: () => Promise<void>;
const provisioning = new DefaultAwsUserProvisioningService();
const savedEndpoint = process.env.AWS_ENDPOINT_URL;

beforeAll(async () => {
  emulator = await startAwsEmulator({
    fixture: {
      accounts: [
        {
          id: '999999999999',
          users: [{ name: 'backstage', accessKeys: [{ ...MAIN_KEY }] }],
          ...hostileDirectories(),
        },
      ],
    },
  });
  process.env.AWS_ENDPOINT_URL = emulator.url;
  const backend = await startTestBackend({
    features: [
      authPlugin,
      awsAlbModule,
      catalogPlugin,
      catalogModuleAwsUsers,
      createServiceFactory({
        service: awsUserProvisioningServiceRef,
        deps: {},
        factory: () => provisioning,
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          aws: { mainAccount: { ...MAIN_KEY, region: 'us-east-1' } },
          catalog: {
            ...catalogWithFile(HOSTILE_DIRECTORIES_TARGET),
            providers: {
              awsDirectory: {
                // The pool stands for the IdP's directory: its people are bound to ISSUER.
                'hostile-pool': {
                  userPoolId: HOSTILE_USER_POOL_ID,
                  idpIssuer: ISSUER,
                },
                'hostile-store': {
                  identityStoreId: HOSTILE_IDENTITY_STORE_ID,
                  region: 'us-east-1',
                },
              },
            },
          },
          auth: {
            providers: {
              // The demo's chain: the email, then the username.
              awsalb: awsAlbTestConfig(keyServer.url, {
                signIn: {
                  resolvers: [
                    { resolver: 'emailMatchingUserEntityProfileEmail' },
                    { resolver: 'usernameMatchingUserEntityName' },
                  ],
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
  // The file first, then both syncs, then every synced person processed.
  await catalogUser(baseUrl, 'bob');
  await provisioning.runDirectorySync('hostile-pool');
  await provisioning.runDirectorySync('hostile-store');
  await catalogUser(baseUrl, 'trudy');
  await catalogUser(baseUrl, 'ivan');
}, 90_000);
afterAll(async () => {
  await stopBackend?.();
  await emulator?.stop();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = savedEndpoint;
});

const signIn = (claims: Record<string, unknown>) =>
  httpGet(`${baseUrl}/api/auth/awsalb/refresh`, {
    'x-amzn-oidc-data': key.token({
      claims: { email_verified: true, ...claims },
    }),
    'x-amzn-oidc-accesstoken': 'opaque',
  });

const identityOf = (answer: Awaited<ReturnType<typeof signIn>>) =>
  (answer.body as any).backstageIdentity?.identity;

it.each([
  // carl and ivan hold alice's email in other cases, bob2 bob's: none was written.
  ['alice', 'alice@example.com'],
  ['bob', 'bob@example.com'],
])(
  '%s signs in as the file’s entity, owning only the file’s groups',
  async (name, email) => {
    const answer = await signIn({
      sub: `sub-${name}`,
      email,
      preferred_username: name,
    });
    expect(answer.status).toBe(200);
    expect(identityOf(answer)).toEqual({
      type: 'user',
      userEntityRef: `user:default/${name}`,
      ownershipEntityRefs: [`user:default/${name}`, 'group:default/platform'],
    });
  },
);

it('signs a synced person in by the IdP subject the sync bound them to', async () => {
  const trudy = await catalogUser(baseUrl, 'trudy');
  const bound = trudy?.metadata.annotations?.[AWS_IDP_SUBJECT_ANNOTATION];
  expect(bound).toMatch(new RegExp(`^${ISSUER}#`));
  const sub = bound!.slice(ISSUER.length + 1);

  const answer = await signIn({ sub, preferred_username: 'trudy' });
  expect(answer.status).toBe(200);
  expect(identityOf(answer).ownershipEntityRefs).toEqual([
    'user:default/trudy',
    'group:default/data-science',
  ]);
});

it.each<[string, Record<string, unknown>, RegExp]>([
  [
    "a synced person's username, from another IdP subject",
    { sub: 'sub-intruder', preferred_username: 'trudy' },
    /user:default\/trudy, which belongs to another IdP subject/,
  ],
  [
    'the name a lossy mapping would have made of dave@evil.example',
    { sub: 'sub-dave', email: 'dave@example.com', preferred_username: 'dave' },
    /as dave@example.com, but no User entity in the catalog matches/,
  ],
])('refuses %s', async (_case, claims, why) => {
  const answer = await signIn(claims);
  expect(answer.status).toBe(401);
  expect((answer.body as any).error.message).toMatch(why);
});
