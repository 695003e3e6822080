import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
} from '@backstage/plugin-permission-common';
import { CachedPermissionsService } from './CachedPermissionsService';

// The decision cache against a stand-in for the permission framework (in a backend, the
// permission backend over HTTP): a policy the test changes, which records every question and
// can hold its answers back. The clock is the test's, so times are exact.

const TTL = 5_000;
const search = createPermission({ name: 'aws.proxy.search', attributes: {} });
const apigw = createPermission({ name: 'aws.proxy.apigw', attributes: {} });
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

type Answer = AuthorizeResult.ALLOW | AuthorizeResult.DENY | Error;

class Framework implements PermissionsService {
  readonly asked: string[] = [];
  /** The policy: the answer for `user permission`, ALLOW when not set. */
  readonly answers = new Map<string, Answer>();
  /** When set, answers wait for `release()`. */
  held: Array<() => void> | undefined;

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: { credentials: BackstageCredentials },
  ): Promise<AuthorizePermissionResponse[]> {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const who = principal.userEntityRef ?? principal.subject ?? 'none';
    const key = `${who} ${requests.map(r => r.permission.name).join(',')}`;
    this.asked.push(key);
    // The policy is read when the question arrives, as the permission backend does.
    const answer = this.answers.get(key) ?? AuthorizeResult.ALLOW;
    if (this.held) await new Promise<void>(r => this.held!.push(r));
    if (answer instanceof Error) throw answer;
    return requests.map(() => ({ result: answer }));
  }

  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }

  release() {
    const waiting = this.held ?? [];
    this.held = undefined;
    waiting.forEach(r => r());
  }
}

function setup(ttl = TTL, maxEntries?: number) {
  const framework = new Framework();
  let now = 1_000_000;
  const cache = new CachedPermissionsService(framework, ttl, {
    now: () => now,
    maxEntries,
  });
  const ask = async (
    credentials: BackstageCredentials,
    permission = search,
  ): Promise<AuthorizeResult> =>
    (await cache.authorize([{ permission }], { credentials }))[0].result;
  return {
    framework,
    cache,
    ask,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CachedPermissionsService', () => {
  it('reuses an ALLOW within its time, and asks again once it is over', async () => {
    const { framework, ask, advance } = setup();
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    advance(TTL - 1);
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    expect(framework.asked).toEqual(['user:default/alice aws.proxy.search']);
    advance(1);
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    expect(framework.asked).toHaveLength(2);
  });

  it('sees a revoked permission once the time is over: a remembered ALLOW is never older than it', async () => {
    const { framework, ask, advance } = setup();
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    framework.answers.set(
      'user:default/alice aws.proxy.search',
      AuthorizeResult.DENY,
    );
    // What the setting trades: within its time, the earlier ALLOW still holds.
    advance(TTL - 1);
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    advance(1);
    expect(await ask(alice)).toBe(AuthorizeResult.DENY);
    expect(await ask(alice)).toBe(AuthorizeResult.DENY);
    expect(framework.asked).toHaveLength(3);
  });

  it('counts the time from the question, not from the answer', async () => {
    const { framework, ask, advance } = setup();
    framework.held = [];
    const first = ask(alice);
    advance(TTL - 10); // a slow permission backend
    framework.release();
    expect(await first).toBe(AuthorizeResult.ALLOW);
    advance(10);
    await ask(alice);
    expect(framework.asked).toHaveLength(2);
  });

  it('never remembers a DENY: each call asks, and a permission granted is seen at once', async () => {
    const { framework, ask } = setup();
    framework.answers.set(
      'user:default/bob aws.proxy.search',
      AuthorizeResult.DENY,
    );
    expect(await ask(bob)).toBe(AuthorizeResult.DENY);
    expect(await ask(bob)).toBe(AuthorizeResult.DENY);
    framework.answers.delete('user:default/bob aws.proxy.search');
    expect(await ask(bob)).toBe(AuthorizeResult.ALLOW);
    expect(framework.asked).toEqual([
      'user:default/bob aws.proxy.search',
      'user:default/bob aws.proxy.search',
      'user:default/bob aws.proxy.search',
    ]);
  });

  it("never answers one user's or one permission's question with another's ALLOW", async () => {
    const { framework, ask } = setup();
    framework.answers.set(
      'user:default/bob aws.proxy.search',
      AuthorizeResult.DENY,
    );
    framework.answers.set(
      'user:default/alice aws.proxy.apigw',
      AuthorizeResult.DENY,
    );
    expect(await ask(alice, search)).toBe(AuthorizeResult.ALLOW);
    expect(await ask(bob, search)).toBe(AuthorizeResult.DENY);
    expect(await ask(alice, apigw)).toBe(AuthorizeResult.DENY);
    // A token a service got on alice's behalf is a different principal from alice's own.
    const onBehalf: BackstageCredentials = {
      ...alice,
      principal: {
        type: 'user',
        userEntityRef: 'user:default/alice',
        actor: { type: 'service', subject: 'plugin:catalog' },
      },
    } as BackstageCredentials;
    await ask(onBehalf, search);
    expect(framework.asked).toHaveLength(4);
  });

  it('shares one question among concurrent identical ones, deny included', async () => {
    const { framework, ask } = setup();
    framework.answers.set(
      'user:default/bob aws.proxy.search',
      AuthorizeResult.DENY,
    );
    framework.held = [];
    const alices = Array.from({ length: 20 }, () => ask(alice));
    const bobs = Array.from({ length: 20 }, () => ask(bob));
    framework.release();
    expect(new Set(await Promise.all(alices))).toEqual(
      new Set([AuthorizeResult.ALLOW]),
    );
    expect(new Set(await Promise.all(bobs))).toEqual(
      new Set([AuthorizeResult.DENY]),
    );
    expect(framework.asked).toEqual([
      'user:default/alice aws.proxy.search',
      'user:default/bob aws.proxy.search',
    ]);
    // The shared DENY was not kept: bob's next call asks again.
    await ask(bob);
    expect(framework.asked).toHaveLength(3);
  });

  it('passes an error to every caller sharing the question, and keeps nothing from it', async () => {
    const { framework, ask } = setup();
    framework.answers.set(
      'user:default/alice aws.proxy.search',
      new Error('permission backend unreachable'),
    );
    framework.held = [];
    const calls = [ask(alice), ask(alice)];
    framework.release();
    for (const call of calls) {
      await expect(call).rejects.toThrow('permission backend unreachable');
    }
    framework.answers.delete('user:default/alice aws.proxy.search');
    expect(await ask(alice)).toBe(AuthorizeResult.ALLOW);
    expect(framework.asked).toHaveLength(2);
  });

  it('asks every time for service principals, resource permissions and several questions at once', async () => {
    const { framework, cache } = setup();
    const service = mockCredentials.service('plugin:catalog');
    for (let i = 0; i < 2; i++) {
      await cache.authorize([{ permission: search }], { credentials: service });
      await cache.authorize(
        [
          {
            permission: createPermission({
              name: 'catalog.entity.read',
              attributes: { action: 'read' },
              resourceType: 'catalog-entity',
            }),
            resourceRef: 'component:default/x',
          },
        ],
        { credentials: alice },
      );
      await cache.authorize([{ permission: search }, { permission: apigw }], {
        credentials: alice,
      });
    }
    expect(framework.asked).toHaveLength(6);
  });

  it('remembers a bounded number of decisions, dropping the one refreshed longest ago', async () => {
    const { framework, ask } = setup(TTL, 2);
    const carol = mockCredentials.user('user:default/carol');
    await ask(alice);
    await ask(bob);
    await ask(carol); // alice's goes
    await ask(bob);
    await ask(carol);
    expect(framework.asked).toHaveLength(3);
    await ask(alice);
    expect(framework.asked).toHaveLength(4);
  });
});
