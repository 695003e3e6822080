import { TestApiProvider } from '@backstage/test-utils';
import {
  cognitoSync,
  exampleDirectorySyncs,
  exampleSignIn,
  manyRoutes,
} from '../../__testUtils__/adminExamples';
import {
  FakeAdminPageOptions,
  fakeAdminPageApis,
  FreshPermissionCache,
} from '../../__testUtils__/adminPageApis';
import {
  backendError,
  notAllowed,
  notAllowedToRun,
  tooManyRuns,
} from '../../__testUtils__/fakeAdminApi';
import { AwsAdminPage } from './AwsAdminPage';

// Every state of the admin page's sections, with the backend faked at fetchApi as in the
// page's tests. A story is one whole page: the sections degrade one by one, side by side.

function story(options: FakeAdminPageOptions = {}) {
  // Made once per story, not per render: the sections fetch again when their API changes.
  const { apis } = fakeAdminPageApis(options);
  return () => (
    <TestApiProvider apis={apis}>
      <FreshPermissionCache>
        <AwsAdminPage />
      </FreshPermissionCache>
    </TestApiProvider>
  );
}

export default {
  title: 'Plugins/aws/AwsAdminPage',
  component: AwsAdminPage,
};

/**
 * Healthy and broken routes and accounts, sign-in with failures, and a directory sync that
 * worked beside one that failed: the demo's page.
 */
export const HealthyAndBroken = story();

/** 120 routes: filter, sort and page them. */
export const ManyRoutes = story({ routes: manyRoutes(120) });

/** A user the policy does not let read the page. */
export const NotAllowed = story({ allowed: false });

/**
 * A user with aws.admin.read but not aws.admin.run: everything shows, the checks and "Sync now"
 * are greyed out, and the toolbars read again.
 */
export const ReadOnlyAdmin = story({ mayRun: false });

/** Checking the accounts again (the accounts toolbar) past the caller's limit: a 429. */
export const RecheckLimited = story({
  fail: {
    'check-accounts': () => tooManyRuns(42),
    check: () => tooManyRuns(42),
  },
});

/** The page was shown, but the backend refuses every section (403). */
export const BackendRefuses = story({
  fail: {
    routes: notAllowed,
    accounts: notAllowed,
    'sign-in': notAllowed,
    'directory-syncs': notAllowed,
  },
});

/** One section fails, another cannot reach the backend; the routes still show. */
export const SectionsFailing = story({
  fail: {
    accounts: () =>
      backendError(500, 'Error', 'The credentials service is down'),
    'sign-in': 'unreachable',
  },
});

/** The backend is still working on each section. */
export const Loading = story({
  fail: {
    routes: 'hang',
    accounts: 'hang',
    'sign-in': 'hang',
    'directory-syncs': 'hang',
  },
});

/** A re-check the backend refuses (403, aws.admin.run): the rows stay, the error says why. */
export const RecheckRefused = story({ fail: { check: notAllowedToRun } });

/** No awsalb provider reports in this backend. */
export const SignInNotReported = story({
  signIn: { configured: false, failures: [] },
});

/** The ALB key endpoint does not answer; no failure yet. */
export const SignInKeyEndpointDown = story({
  signIn: {
    ...exampleSignIn,
    cachedKeys: 0,
    keyEndpoint: {
      ...exampleSignIn.keyEndpoint!,
      ok: false,
      status: undefined,
      error: 'ENOTFOUND',
    },
    failures: [],
    lastSuccess: undefined,
  },
});

/**
 * A scheduled run is in progress on the backend, and "Sync now" never gets an answer: press it
 * to see a row syncing.
 */
export const DirectorySyncInProgress = story({
  directorySyncs: {
    ...exampleDirectorySyncs,
    syncs: exampleDirectorySyncs.syncs.map(sync =>
      sync.id === cognitoSync.id ? { ...sync, running: true } : sync,
    ),
  },
  fail: { 'run-sync': 'hang' },
});

/** "Sync now" is refused (403, aws.admin.run): the row says why, the table stays. */
export const DirectorySyncRunRefused = story({
  fail: { 'run-sync': notAllowedToRun },
});

/** The aws-users catalog module is not installed in this backend. */
export const DirectorySyncNotInstalled = story({
  directorySyncs: { syncs: [], installed: false },
});

/** The module is installed, but no directory is configured to sync. */
export const DirectorySyncNoneConfigured = story({
  directorySyncs: { syncs: [], installed: true },
});

/** The syncs cannot be read; the other sections still show. */
export const DirectorySyncLoadError = story({
  fail: {
    'directory-syncs': () =>
      backendError(500, 'Error', 'The catalog is not ready'),
  },
});
