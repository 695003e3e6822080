import {
  AWS_IDP_SUBJECT_ANNOTATION,
  AwsDirectorySkipReason,
  AwsDirectorySyncSkip,
  isEmailAddress,
} from '@aws-bridge/plugin-aws-common';
import {
  Entity,
  GroupEntity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { CatalogHolder, CatalogHolders } from './catalogHolders';
import {
  AwsDirectoryContext,
  AwsDirectoryGroup,
  AwsDirectoryGroupTransformer,
  AwsDirectorySnapshot,
  AwsDirectoryUser,
  AwsDirectoryUserTransformer,
} from './types';

// Who owns a name. A directory, the catalog's files and other providers, and the people
// provisioned at sign-in all name Users and Groups in one namespace; a sync writes only what
// is its own:
// - a name exactly as the directory has it, never rewritten (so `alice@evil.example` can never
//   become `alice`), that no other source's entity has, compared as the catalog compares refs
//   (ignoring case), and that the directory does not hold twice. The one exception is a person
//   provisioned at sign-in for the same IdP subject: the directory takes over its own person;
// - memberships only of the Groups it writes (recorded on the Group, so they leave with it),
//   and of those `groupMapping` names;
// - an email only when the directory vouches for it and no one else has it.
// Everything else is left out and reported. What a file brings later, when the sync wrote
// first, the catalog itself settles: the sync writes without a location key, so the file's
// entity replaces the sync's, and the next run reports the skip.

export type DirectoryPlan = {
  entities: Entity[];
  skips: AwsDirectorySyncSkip[];
};

export type PlanInput = {
  snapshot: AwsDirectorySnapshot;
  context: AwsDirectoryContext;
  userTransformer: AwsDirectoryUserTransformer;
  groupTransformer: AwsDirectoryGroupTransformer;
  /** Directory group name to the ref of the existing Group its members join. */
  groupMapping: Map<string, string>;
  holders: CatalogHolders;
};

type Candidate<E extends Entity> = {
  kind: AwsDirectorySyncSkip['kind'];
  /** The name as the directory has it, for the report. */
  name: string;
  entity: E;
  /**
   * Its ref by `stringifyEntityRef`, which writes refs in lower case: two candidates, or a
   * candidate and a holder, with one ref are one name to the catalog.
   */
  ref: string;
};

const SKIP_ORDER: AwsDirectorySkipReason[] = [
  'name-taken',
  'name-twice',
  'not-an-entity-name',
  'membership-not-owned',
  'email-taken',
  'email-twice',
  'email-unverified',
];

class SkipReport {
  readonly skips: AwsDirectorySyncSkip[] = [];

  add(
    kind: AwsDirectorySyncSkip['kind'],
    name: string,
    reason: AwsDirectorySkipReason,
    left: AwsDirectorySyncSkip['left'],
    message: string,
  ) {
    this.skips.push({ kind, name, reason, left, message });
  }

  sorted(): AwsDirectorySyncSkip[] {
    return [...this.skips].sort(
      (a, b) =>
        SKIP_ORDER.indexOf(a.reason) - SKIP_ORDER.indexOf(b.reason) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
  }
}

/** The entity a transformer made, in the sync's namespace unless it chose one. */
function candidate<E extends Entity>(
  name: string,
  entity: E,
  context: AwsDirectoryContext,
  report: SkipReport,
): Candidate<E> | undefined {
  entity.metadata.namespace ??= context.namespace;
  const kind = entity.kind === 'User' ? 'User' : 'Group';
  if (!KubernetesValidatorFunctions.isValidObjectName(entity.metadata.name)) {
    report.add(
      kind,
      name,
      'not-an-entity-name',
      'entity',
      `'${entity.metadata.name}' is not an entity name as it is, and the sync does not rewrite names to make one (map it with a transformer)`,
    );
    return undefined;
  }
  return { kind, name, entity, ref: stringifyEntityRef(entity) };
}

/** Whether a holder is the person this synced user is, provisioned at sign-in before. */
function isSamePersonAtSignIn(holder: CatalogHolder, entity: Entity) {
  const subject = entity.metadata.annotations?.[AWS_IDP_SUBJECT_ANNOTATION];
  return subject !== undefined && holder.signInSubject === subject;
}

/**
 * The candidates whose name is the sync's to write: held by no other source (but the same
 * person provisioned at sign-in), and once in the directory.
 */
function claimNames<E extends Entity>(
  candidates: Candidate<E>[],
  holders: CatalogHolders,
  report: SkipReport,
): Candidate<E>[] {
  const byRef = new Map<string, Candidate<E>[]>();
  for (const c of candidates) {
    byRef.set(c.ref, [...(byRef.get(c.ref) ?? []), c]);
  }
  const kept: Candidate<E>[] = [];
  for (const [ref, same] of byRef) {
    if (same.length > 1) {
      const names = same.map(c => c.name).join(', ');
      for (const c of same) {
        report.add(
          c.kind,
          c.name,
          'name-twice',
          'entity',
          `the directory has ${names}, which the catalog takes for one name (${c.ref}): none is written`,
        );
      }
      continue;
    }
    const [c] = same;
    const holder = holders.byRef.get(ref);
    if (holder && !isSamePersonAtSignIn(holder, c.entity)) {
      report.add(
        c.kind,
        c.name,
        'name-taken',
        'entity',
        `${holder.ref} belongs to ${holder.location ?? 'another source'}`,
      );
      continue;
    }
    kept.push(c);
  }
  return kept;
}

/** The ref a relation entry (`memberOf`, `children`, ...: a ref or a bare name) names. */
function refOf(
  value: string,
  defaultKind: 'group' | 'user',
  defaultNamespace: string,
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

/** Keeps the refs in `owned`; reports each other one as a membership left out. */
function keepOwned(
  values: string[],
  owned: Set<string>,
  toRef: (value: string) => string | undefined,
  report: (value: string) => void,
): string[] {
  return values.filter(value => {
    const ref = toRef(value);
    if (ref !== undefined && owned.has(ref)) return true;
    report(value);
    return false;
  });
}

async function planGroups(input: PlanInput, report: SkipReport) {
  const { snapshot, context, groupMapping } = input;
  /** The refs of the groups each user (by directory ID) may be a member of. */
  const memberships = new Map<string, Set<string>>();
  const join = (group: AwsDirectoryGroup, ref: string) => {
    for (const id of group.memberIds) {
      memberships.set(id, (memberships.get(id) ?? new Set()).add(ref));
    }
  };
  const candidates: Candidate<GroupEntity>[] = [];
  const byRef = new Map<string, AwsDirectoryGroup>();
  for (const group of snapshot.groups) {
    const mapped = groupMapping.get(group.name);
    if (mapped) {
      join(group, mapped);
      continue;
    }
    const entity = await input.groupTransformer(group, context);
    if (!entity) continue;
    const c = candidate(group.name, entity, context, report);
    if (!c) continue;
    candidates.push(c);
    byRef.set(c.ref, group);
  }
  const kept = claimNames(candidates, input.holders, report);
  for (const c of kept) join(byRef.get(c.ref)!, c.ref);
  return { kept, memberships };
}

async function planUsers(
  input: PlanInput,
  memberships: Map<string, Set<string>>,
  report: SkipReport,
) {
  const { snapshot, context } = input;
  const candidates: Candidate<UserEntity>[] = [];
  const byRef = new Map<string, AwsDirectoryUser>();
  for (const user of snapshot.users) {
    const memberOf = [...(memberships.get(user.id) ?? [])].sort();
    const entity = await input.userTransformer(user, memberOf, context);
    if (!entity) continue;
    const c = candidate(user.username, entity, context, report);
    if (!c) continue;
    candidates.push(c);
    byRef.set(c.ref, user);
  }
  const kept = claimNames(candidates, input.holders, report);
  for (const c of kept) {
    const user = byRef.get(c.ref)!;
    const spec = c.entity.spec;
    spec.memberOf = keepOwned(
      spec.memberOf ?? [],
      memberships.get(user.id) ?? new Set(),
      value => refOf(value, 'group', c.entity.metadata.namespace!),
      value =>
        report.add(
          'User',
          c.name,
          'membership-not-owned',
          'membership',
          `${value}: this sync does not write that group, and groupMapping does not name it`,
        ),
    );
  }
  keepVouchedEmails(kept, byRef, input.holders, report);
  return kept;
}

/**
 * Leaves an email on a User only when the directory vouches for it, no other source's User
 * has it, and no other directory user has it too: an email resolver must find one person.
 */
function keepVouchedEmails(
  users: Candidate<UserEntity>[],
  byRef: Map<string, AwsDirectoryUser>,
  holders: CatalogHolders,
  report: SkipReport,
) {
  const emailOf = (c: Candidate<UserEntity>) =>
    c.entity.spec.profile?.email?.toLocaleLowerCase('en-US');
  const count = new Map<string, number>();
  for (const c of users) {
    const email = emailOf(c);
    if (email) count.set(email, (count.get(email) ?? 0) + 1);
  }
  for (const c of users) {
    const email = emailOf(c);
    if (!email) continue;
    const user = byRef.get(c.ref)!;
    const drop = (reason: AwsDirectorySkipReason, message: string) => {
      delete c.entity.spec.profile!.email;
      report.add('User', c.name, reason, 'email', message);
    };
    if (!user.emailVerified || email !== user.email || !isEmailAddress(email)) {
      drop('email-unverified', 'the directory does not mark it verified');
      continue;
    }
    if (count.get(email)! > 1) {
      drop('email-twice', 'another user of this directory has it too');
      continue;
    }
    // The entity this user takes over (the same person provisioned at sign-in) is replaced.
    const others = (holders.byEmail.get(email) ?? []).filter(
      ref => ref !== c.ref,
    );
    if (others.length > 0) {
      drop('email-taken', `${others.join(', ')} has it`);
    }
  }
}

/** A Group's `parent`, `children` and `members` name only what this sync writes. */
function keepGroupRelationsOwned(
  groups: Candidate<GroupEntity>[],
  users: Candidate<UserEntity>[],
  report: SkipReport,
) {
  const groupRefs = new Set(groups.map(c => c.ref));
  const userRefs = new Set(users.map(c => c.ref));
  for (const c of groups) {
    const spec = c.entity.spec;
    const namespace = c.entity.metadata.namespace!;
    const left = (value: string) =>
      report.add(
        'Group',
        c.name,
        'membership-not-owned',
        'membership',
        `${value}: this sync does not write it`,
      );
    const toGroup = (value: string) => refOf(value, 'group', namespace);
    if (
      spec.parent &&
      keepOwned([spec.parent], groupRefs, toGroup, left).length === 0
    ) {
      delete spec.parent;
    }
    spec.children = keepOwned(spec.children ?? [], groupRefs, toGroup, left);
    if (spec.members) {
      spec.members = keepOwned(
        spec.members,
        userRefs,
        value => refOf(value, 'user', namespace),
        left,
      );
    }
  }
}

/**
 * A membership of a Group the sync writes goes on the Group (`spec.members`), not the User: if
 * a catalog file takes the group's name over, the file's entity replaces the sync's, and the
 * memberships go with it at once rather than joining the file's group until the next run.
 * Memberships of the groups `groupMapping` names stay on the User.
 */
function moveMembershipsToGroups(
  groups: Candidate<GroupEntity>[],
  users: Candidate<UserEntity>[],
) {
  const own = new Map(groups.map(c => [c.ref, c]));
  for (const user of users) {
    const namespace = user.entity.metadata.namespace!;
    user.entity.spec.memberOf = (user.entity.spec.memberOf ?? []).filter(
      value => {
        const group = own.get(refOf(value, 'group', namespace)!);
        if (!group) return true;
        const members = new Set(group.entity.spec.members ?? []);
        group.entity.spec.members = [...members.add(user.ref)].sort();
        return false;
      },
    );
  }
}

/**
 * What one run writes, and what it leaves out and why: the directory's users and groups
 * mapped by the transformers, then held to the rules above.
 */
export async function planDirectoryEntities(
  input: PlanInput,
): Promise<DirectoryPlan> {
  const report = new SkipReport();
  const { kept: groups, memberships } = await planGroups(input, report);
  const users = await planUsers(input, memberships, report);
  keepGroupRelationsOwned(groups, users, report);
  moveMembershipsToGroups(groups, users);
  return {
    entities: [...groups, ...users].map(c => c.entity),
    skips: report.sorted(),
  };
}
