import {
  AWS_IDP_SUBJECT_ANNOTATION,
  AwsDirectorySyncSkip,
} from '@aws-bridge/plugin-aws-common';
import type { Entity, GroupEntity, UserEntity } from '@backstage/catalog-model';
import type { CatalogHolders } from './catalogHolders';
import {
  defaultAwsDirectoryGroupTransformer,
  defaultAwsDirectoryUserTransformer,
} from './defaultTransformers';
import { planDirectoryEntities, PlanInput } from './planDirectoryEntities';
import type {
  AwsDirectoryContext,
  AwsDirectoryGroup,
  AwsDirectoryUser,
} from './types';

// The rule the catalog tests (hostileDirectories.test.ts) hold end to end, case by case here:
// what the default and adopters' transformers return is held to it.

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Corp';
const context: AwsDirectoryContext = {
  providerId: 'corp',
  kind: 'cognito-user-pool',
  directoryId: 'us-east-1_Corp',
  namespace: 'default',
  idpIssuer: ISSUER,
};

const person = (
  username: string,
  extra: Partial<AwsDirectoryUser> = {},
): AwsDirectoryUser => ({
  id: `sub-${username}`,
  username,
  email: `${username}@example.com`,
  emailVerified: true,
  attributes: {},
  ...extra,
});
const group = (name: string, members: string[]): AwsDirectoryGroup => ({
  id: name,
  name,
  memberIds: members.map(m => `sub-${m}`),
});
const noHolders = (): CatalogHolders => ({
  byRef: new Map(),
  byEmail: new Map(),
});

async function plan(overrides: Partial<PlanInput>) {
  return planDirectoryEntities({
    snapshot: { users: [], groups: [] },
    context,
    userTransformer: defaultAwsDirectoryUserTransformer,
    groupTransformer: defaultAwsDirectoryGroupTransformer,
    groupMapping: new Map(),
    holders: noHolders(),
    ...overrides,
  });
}

const named = <E extends Entity>(entities: Entity[], name: string) =>
  entities.find(e => e.metadata.name === name) as E | undefined;
const reasons = (skips: AwsDirectorySyncSkip[]) =>
  skips.map(s => `${s.kind} ${s.name}: ${s.reason}`);

it('puts memberships of its own groups on the group, and of mapped groups on the user', async () => {
  const { entities, skips } = await plan({
    snapshot: {
      users: [person('ann'), person('ben')],
      groups: [group('crew', ['ann', 'ben']), group('ops', ['ann'])],
    },
    groupMapping: new Map([['ops', 'group:default/platform']]),
  });
  expect(skips).toEqual([]);
  expect(named<GroupEntity>(entities, 'crew')?.spec.members).toEqual([
    'user:default/ann',
    'user:default/ben',
  ]);
  // ops is mapped: not written, its members join platform from their side.
  expect(named(entities, 'ops')).toBeUndefined();
  expect(named<UserEntity>(entities, 'ann')?.spec.memberOf).toEqual([
    'group:default/platform',
  ]);
  expect(named<UserEntity>(entities, 'ben')?.spec.memberOf).toEqual([]);
});

it('takes over a person provisioned at sign-in only when they are the same IdP subject', async () => {
  const holders = noHolders();
  holders.byRef.set('user:default/ann', {
    ref: 'user:default/ann',
    location: 'aws-alb-sign-in:jit',
    signInSubject: `${ISSUER}#sub-ann`,
  });
  holders.byRef.set('user:default/ben', {
    ref: 'user:default/ben',
    location: 'aws-alb-sign-in:jit',
    signInSubject: `https://other.example#sub-ben`,
  });
  // The entity taken over has the email; that is no reason to drop it.
  holders.byEmail.set('ann@example.com', ['user:default/ann']);
  const { entities, skips } = await plan({
    snapshot: { users: [person('ann'), person('ben')], groups: [] },
    holders,
  });
  expect(named<UserEntity>(entities, 'ann')).toMatchObject({
    metadata: {
      annotations: { [AWS_IDP_SUBJECT_ANNOTATION]: `${ISSUER}#sub-ann` },
    },
    spec: { profile: { email: 'ann@example.com' } },
  });
  expect(named(entities, 'ben')).toBeUndefined();
  expect(skips).toEqual([
    {
      kind: 'User',
      name: 'ben',
      reason: 'name-taken',
      left: 'entity',
      message: 'user:default/ben belongs to aws-alb-sign-in:jit',
    },
  ]);
});

it("holds a transformer's entity to the rule: its memberships, relations and email", async () => {
  const { entities, skips } = await plan({
    snapshot: {
      users: [person('ann', { email: 'ann@example.com' })],
      groups: [group('crew', ['ann'])],
    },
    userTransformer: async (user, memberOf, ctx) => {
      const entity = (await defaultAwsDirectoryUserTransformer(
        user,
        memberOf,
        ctx,
      ))!;
      entity.spec.memberOf = [...memberOf, 'platform', 'group:default/admins'];
      entity.spec.profile = { email: 'boss@example.com' };
      return entity;
    },
    groupTransformer: async (g, ctx) => {
      const entity = (await defaultAwsDirectoryGroupTransformer(g, ctx))!;
      entity.spec.parent = 'platform';
      entity.spec.children = ['group:default/admins'];
      entity.spec.members = ['user:default/alice'];
      return entity;
    },
  });
  const ann = named<UserEntity>(entities, 'ann')!;
  const crew = named<GroupEntity>(entities, 'crew')!;
  expect(ann.spec.memberOf).toEqual([]);
  expect(ann.spec.profile).toEqual({});
  expect(crew.spec.parent).toBeUndefined();
  expect(crew.spec.children).toEqual([]);
  expect(crew.spec.members).toEqual(['user:default/ann']);
  expect(reasons(skips).sort()).toEqual(
    [
      'User ann: membership-not-owned',
      'User ann: membership-not-owned',
      'Group crew: membership-not-owned',
      'Group crew: membership-not-owned',
      'Group crew: membership-not-owned',
      'User ann: email-unverified',
    ].sort(),
  );
});

it('refuses a name the directory has twice, ignoring case, for both', async () => {
  const { entities, skips } = await plan({
    snapshot: {
      users: [person('Sam'), person('sam', { email: 'other@example.com' })],
      groups: [],
    },
  });
  expect(entities).toEqual([]);
  expect(skips.map(s => s.message).sort()).toEqual([
    'the directory has Sam, sam, which the catalog takes for one name (user:default/sam): none is written',
    'the directory has Sam, sam, which the catalog takes for one name (user:default/sam): none is written',
  ]);
});
