import type {
  AwsAccountDescription,
  AwsAlbSignInStatus,
  AwsDirectorySyncsResponse,
  AwsDirectorySyncStatus,
  AwsProxyRouteHealth,
} from '@aws-bridge/plugin-aws-common';
import type { FetchApi } from '@backstage/core-plugin-api';
import {
  exampleAccounts,
  exampleDirectorySyncs,
  exampleRoutes,
  exampleSignIn,
  syncedNow,
} from './adminExamples';

// The admin page's HTTP boundary, faked at fetchApi: answers `/api/aws/admin/*` as the
// aws-bridge backend does (its JSON, and Backstage's error body for a refusal), so the page's
// own code and the real AwsAdminClient run. Stories and tests share it and its examples
// (adminExamples.ts).

export const FAKE_ADMIN_BASE_URL = 'http://backstage.test/api';

/** A refusal as the backend sends it: Backstage's error body. */
export const backendError = (status: number, name: string, message: string) =>
  new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'GET', url: '/api/aws/admin/routes' },
      response: { statusCode: status },
    }),
    { status, headers: { 'content-type': 'application/json' } },
  );

/**
 * A section's answer that fails until the test calls `fix`, then answers `fixed` (as JSON):
 * for "try again".
 */
export function failingUntilFixed(failure: () => Response, fixed: unknown) {
  let failing = true;
  return {
    answer: () =>
      failing
        ? failure()
        : new Response(JSON.stringify(fixed), { status: 200 }),
    fix: () => {
      failing = false;
    },
  };
}

export const notAllowed = () =>
  backendError(
    403,
    'NotAllowedError',
    'You may not read the AWS admin API: the permission policy denies aws.admin.read',
  );

/** What the backend answers a user the policy denies aws.admin.run on a costly action. */
export const notAllowedToRun = () =>
  backendError(
    403,
    'NotAllowedError',
    'You may not start AWS admin checks or syncs: the permission policy denies aws.admin.run',
  );

/** What the backend answers past the caller's aws.admin.runLimit. */
export const tooManyRuns = (retryAfterSeconds = 42) => {
  const response = backendError(
    429,
    'TooManyRequestsError',
    `Too many admin actions: each person may start 10 checks or syncs per 60 s (aws.admin.runLimit); try again in ${retryAfterSeconds} s`,
  );
  response.headers.set('retry-after', String(retryAfterSeconds));
  return response;
};

/**
 * `check` is the re-check (POST /admin/routes/check); `routes` the list. `check-accounts` is
 * the accounts' re-check (POST /admin/accounts/check). `directory-syncs` is the list of
 * syncs, `run-sync` a run started from the page (POST .../directory-syncs/:id/run).
 */
type Section =
  | 'routes'
  | 'check'
  | 'accounts'
  | 'check-accounts'
  | 'sign-in'
  | 'directory-syncs'
  | 'run-sync';

export type FakeAdminOptions = {
  routes?: AwsProxyRouteHealth[];
  accounts?: AwsAccountDescription[];
  signIn?: AwsAlbSignInStatus;
  directorySyncs?: AwsDirectorySyncsResponse;
  /** Answers a section with this instead (an error), or never when it is `'hang'`. */
  fail?: Partial<Record<Section, (() => Response) | 'hang' | 'unreachable'>>;
  /** What a re-check of a route answers; by default the route, checked now. */
  recheck?: (route: AwsProxyRouteHealth) => AwsProxyRouteHealth;
  /**
   * What a re-check of an account answers; by default the account, checked now, its backoff
   * ended.
   */
  recheckAccount?: (account: AwsAccountDescription) => AwsAccountDescription;
  /** What running a directory sync now answers; by default {@link syncedNow}. */
  runSync?: (sync: AwsDirectorySyncStatus) => AwsDirectorySyncStatus;
};

export type FakeAdminBackend = {
  fetchApi: FetchApi;
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  /**
   * Every request made: `GET /admin/routes`, `POST /admin/routes/check?route=%2Fx`,
   * `POST /admin/directory-syncs/corp/run`.
   */
  calls: string[];
};

const ok = (body: unknown) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

export function fakeAdminBackend(
  options: FakeAdminOptions = {},
): FakeAdminBackend {
  let routes = options.routes ?? exampleRoutes;
  let directory = options.directorySyncs ?? exampleDirectorySyncs;
  let accounts = options.accounts ?? exampleAccounts;
  // By default a re-check changes nothing but the time, and a failing account fails once more.
  const recheckAccount =
    options.recheckAccount ??
    ((account: AwsAccountDescription) => {
      const now = Date.now();
      const failures = (account.backoff?.failures ?? 0) + 1;
      return {
        ...account,
        checkedAt: new Date(now).toISOString(),
        backoff: account.ok
          ? undefined
          : {
              failures,
              retryAt: new Date(
                now + Math.min(1000 * 2 ** (failures - 1), 60_000),
              ).toISOString(),
            },
      };
    });
  const runSync = options.runSync ?? syncedNow;
  const calls: string[] = [];
  const recheck =
    options.recheck ??
    ((route: AwsProxyRouteHealth) => ({
      ...route,
      checkedAt: new Date().toISOString(),
    }));

  const answer = (section: Section, body: () => unknown) => {
    const failure = options.fail?.[section];
    if (failure === 'hang') return new Promise<Response>(() => {});
    if (failure === 'unreachable') {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return Promise.resolve(failure ? failure() : ok(body()));
  };

  const fetchApi: FetchApi = {
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const path = url.pathname.replace(/^\/api\/aws/, '');
      calls.push(`${init?.method ?? 'GET'} ${path}${url.search}`);
      switch (path) {
        case '/admin/routes':
          return answer('routes', () => ({ routes }));
        case '/admin/routes/check': {
          if (options.fail?.check) return answer('check', () => ({}));
          const only = url.searchParams.get('route');
          const checked = routes
            .filter(r => !only || r.route === only)
            .map(recheck);
          routes = routes.map(r => checked.find(c => c.route === r.route) ?? r);
          return answer('check', () => ({ routes: checked }));
        }
        case '/admin/accounts':
          return answer('accounts', () => ({ accounts }));
        case '/admin/accounts/check':
          if (options.fail?.['check-accounts']) {
            return answer('check-accounts', () => ({}));
          }
          accounts = accounts.map(recheckAccount);
          return answer('check-accounts', () => ({ accounts }));
        case '/admin/sign-in':
          return answer('sign-in', () => options.signIn ?? exampleSignIn);
        case '/admin/directory-syncs':
          return answer('directory-syncs', () => directory);
        default:
          break;
      }
      const run = /^\/admin\/directory-syncs\/([^/]+)\/run$/.exec(path);
      if (run && init?.method === 'POST') {
        if (options.fail?.['run-sync']) return answer('run-sync', () => ({}));
        const id = decodeURIComponent(run[1]);
        const sync = directory.syncs.find(s => s.id === id);
        if (!sync) {
          return backendError(
            404,
            'NotFoundError',
            `No directory sync '${id}': the syncs are the keys of catalog.providers.awsDirectory`,
          );
        }
        const ran = runSync(sync);
        directory = {
          ...directory,
          syncs: directory.syncs.map(s => (s.id === id ? ran : s)),
        };
        return answer('run-sync', () => ran);
      }
      return backendError(404, 'NotFoundError', `No route for ${path}`);
    },
  };
  return {
    fetchApi,
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `${FAKE_ADMIN_BASE_URL}/${pluginId}`,
    },
    calls,
  };
}
