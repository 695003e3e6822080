import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  FakeAdminPageOptions,
  fakeAdminPageApis,
  FreshPermissionCache,
} from '../../__testUtils__/adminPageApis';
import {
  cognitoSync,
  downRoute,
  exampleSignIn,
  healthyRoute,
  manyRoutes,
} from '../../__testUtils__/adminExamples';
import {
  backendError,
  failingUntilFixed,
  notAllowed,
  notAllowedToRun,
  tooManyRuns,
} from '../../__testUtils__/fakeAdminApi';
import { AwsAdminPage } from './AwsAdminPage';

// The admin page with the real AwsAdminClient; only fetchApi (the HTTP boundary) and the
// permission decision are faked.

// Four tables and a permission check: a first render can take seconds on a busy machine.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

async function renderPage(options: FakeAdminPageOptions = {}) {
  const { backend, apis } = fakeAdminPageApis(options);
  await renderInTestApp(
    <TestApiProvider apis={apis}>
      <FreshPermissionCache>
        <AwsAdminPage />
      </FreshPermissionCache>
    </TestApiProvider>,
  );
  return backend;
}

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('AwsAdminPage', () => {
  describe('routes', () => {
    it("lists every route's config and health, unhealthy first, with why", async () => {
      await renderPage();
      expect(
        await screen.findByText('Proxy routes (4, 2 unhealthy)'),
      ).toBeInTheDocument();

      const tagging = within(rowOf('/tagging'));
      expect(
        tagging.getByText('aws.proxy.routes./tagging'),
      ).toBeInTheDocument();
      expect(
        tagging.getByText('tagging · us-east-1, eu-west-1'),
      ).toBeInTheDocument();
      expect(tagging.getByText('the main account')).toBeInTheDocument();
      expect(
        tagging.getByText('Callers may pick 111111111111, 222222222222'),
      ).toBeInTheDocument();
      expect(tagging.getByText('POST')).toBeInTheDocument();
      expect(
        tagging.getByText('GetResources, GetTagKeys, GetTagValues'),
      ).toBeInTheDocument();
      expect(tagging.getByText('Healthy')).toBeInTheDocument();
      expect(tagging.getByText('Probe /: 200 in 112 ms')).toBeInTheDocument();

      const fraud = within(rowOf('/fraud-api'));
      expect(fraud.getByText('Unhealthy')).toBeInTheDocument();
      expect(
        fraud.getByText(
          /^Credentials failed after 230 ms: User: .* is not authorized to perform: sts:AssumeRole/,
        ),
      ).toBeInTheDocument();
      expect(fraud.getByText('account 333333333333')).toBeInTheDocument();

      const down = within(rowOf('/legacy-reports'));
      expect(down.getByText('Open: no token')).toBeInTheDocument();
      expect(
        down.getByText(
          'Probe /reports/: no answer (connect ECONNREFUSED 127.0.0.1:9)',
        ),
      ).toBeInTheDocument();

      // Unhealthy rows come first.
      const order = screen
        .getAllByText(/^aws\.proxy\.routes\./)
        .map(e => e.textContent);
      expect(order).toEqual([
        'aws.proxy.routes./fraud-api',
        'aws.proxy.routes./legacy-reports',
        'aws.proxy.routes./payments-api',
        'aws.proxy.routes./tagging',
      ]);
    });

    it('checks one route again and updates its row', async () => {
      const backend = await renderPage({
        routes: [healthyRoute, downRoute],
        recheck: route => ({
          ...route,
          healthy: true,
          probe: { path: '/reports/', status: 200, latencyMs: 9 },
          checkedAt: new Date().toISOString(),
        }),
      });
      await screen.findByText('Proxy routes (2, 1 unhealthy)');
      fireEvent.click(
        screen.getByRole('button', { name: 'Check /legacy-reports again' }),
      );
      expect(
        await screen.findByText('Proxy routes (2, all healthy)'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('/legacy-reports')).getByText(
          'Probe /reports/: 200 in 9 ms',
        ),
      ).toBeInTheDocument();
      expect(backend.calls).toContain(
        'POST /admin/routes/check?route=%2Flegacy-reports',
      );
    });

    it('checks every route again from the table toolbar', async () => {
      const backend = await renderPage();
      await screen.findByText('Proxy routes (4, 2 unhealthy)');
      fireEvent.click(
        screen.getByRole('button', { name: 'Check every route again now' }),
      );
      await waitFor(() =>
        expect(backend.calls).toContain('POST /admin/routes/check'),
      );
    });

    it('says why a re-check failed, and keeps the rows', async () => {
      await renderPage({ fail: { check: notAllowedToRun } });
      await screen.findByText('Proxy routes (4, 2 unhealthy)');
      fireEvent.click(
        screen.getByRole('button', { name: 'Check /tagging again' }),
      );
      expect(
        await screen.findByText(
          'Error: Not allowed to run a fresh route check',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /denies aws\.admin\.run\. Running it needs the aws\.admin\.run permission, beside aws\.admin\.read;/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText('Proxy routes (4, 2 unhealthy)'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('/tagging')).getByText('Healthy'),
      ).toBeInTheDocument();
    });

    it('filters 100+ routes by name or state, and pages them', async () => {
      await renderPage({ routes: manyRoutes(120) });
      expect(
        await screen.findByText('Proxy routes (120, 12 unhealthy)'),
      ).toBeInTheDocument();
      // 20 to a page, unhealthy first.
      expect(screen.getAllByText(/^aws\.proxy\.routes\./)).toHaveLength(20);
      expect(screen.getAllByText('Unhealthy')).toHaveLength(12);

      const search = screen.getAllByPlaceholderText('Filter')[0];
      fireEvent.change(search, { target: { value: 'team-042' } });
      await waitFor(() =>
        expect(screen.getAllByText(/^aws\.proxy\.routes\./)).toHaveLength(1),
      );
      fireEvent.change(search, { target: { value: '503' } });
      await waitFor(() =>
        expect(screen.getAllByText(/^aws\.proxy\.routes\./)).toHaveLength(12),
      );
    });
  });

  describe('accounts', () => {
    it('shows each account with its alias, source, identity and expiry, and what to fix for a failing one', async () => {
      await renderPage();
      expect(
        await screen.findByText('AWS accounts (3, 1 failing)'),
      ).toBeInTheDocument();

      const main = within(rowOf('aws-bridge-platform'));
      expect(main.getByText('999999999999')).toBeInTheDocument();
      expect(main.getByText('Main account')).toBeInTheDocument();
      expect(main.getByText('Access key in config')).toBeInTheDocument();
      expect(
        main.getByText('arn:aws:iam::999999999999:user/backstage'),
      ).toBeInTheDocument();
      expect(main.getByText('does not expire')).toBeInTheDocument();

      const payments = within(rowOf('payments-prod'));
      expect(payments.getByText('Assumed role')).toBeInTheDocument();
      expect(
        payments.getByText('arn:aws:iam::111111111111:role/BackstageReadOnly'),
      ).toBeInTheDocument();
      expect(payments.getByText('Credentials work')).toBeInTheDocument();
      expect(payments.getByRole('time')).toHaveAttribute(
        'datetime',
        '2026-12-02T08:00:00.000Z',
      );

      const refused = within(rowOf('aws.accounts[2]'));
      expect(refused.getByText('Failing: AccessDenied')).toBeInTheDocument();
      expect(
        refused.getByText(
          /^AWS refused to let the main account's credentials \(aws\.mainAccount\) assume arn:aws:iam::333333333333:role\/BackstageReadOnly\. Check that the role exists, that its trust policy/,
        ),
      ).toBeInTheDocument();
      expect(
        refused.getByText(/^AWS said: User: .* is not authorized/),
      ).toBeInTheDocument();
      expect(refused.getByText('none: the check failed')).toBeInTheDocument();
    });

    it('says when a failing account is backing off, and checks every account again now, which ends it', async () => {
      const backend = await renderPage({
        recheckAccount: account => ({
          ...account,
          ok: true,
          lastError: undefined,
          lastErrorCode: undefined,
          advice: undefined,
          backoff: undefined,
          callerArn: `arn:aws:sts::${account.accountId}:assumed-role/BackstageReadOnly/backstage`,
          checkedAt: new Date().toISOString(),
        }),
      });
      await screen.findByText('AWS accounts (3, 1 failing)');
      const refused = within(rowOf('aws.accounts[2]'));
      expect(
        refused.getByText(
          /^Backing off after 7 failures in a row: AWS is asked again .*, and until then callers get this failure at once\./,
        ),
      ).toBeInTheDocument();
      expect(
        refused.getByText(/Checking again now ends the wait\./),
      ).toBeInTheDocument();

      fireEvent.click(
        screen.getByRole('button', {
          name: 'Check every account again now (ends any backoff)',
        }),
      );
      expect(
        await screen.findByText('AWS accounts (3, all working)'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('aws.accounts[2]')).queryByText(/^Backing off/),
      ).not.toBeInTheDocument();
      expect(backend.calls).toContain('POST /admin/accounts/check');
    });

    it('says so when the backend limits re-checks (429), and keeps the rows', async () => {
      await renderPage({ fail: { 'check-accounts': () => tooManyRuns(42) } });
      await screen.findByText('AWS accounts (3, 1 failing)');
      fireEvent.click(
        screen.getByRole('button', {
          name: 'Check every account again now (ends any backoff)',
        }),
      );
      expect(
        await screen.findByText(
          'Error: Could not run a fresh check of the accounts: too many checks and syncs for now',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /^The backend answered 429: Too many admin actions: .* try again in 42 s\. What the page shows is the last result; reading it again is not limited\./,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText('AWS accounts (3, 1 failing)'),
      ).toBeInTheDocument();
    });

    it('lists failing accounts first', async () => {
      await renderPage();
      await screen.findByText('AWS accounts (3, 1 failing)');
      const keys = screen
        .getAllByText(/^aws\.(mainAccount|accounts\[\d\])$/)
        .map(e => e.textContent);
      expect(keys).toEqual([
        'aws.accounts[2]',
        'aws.mainAccount',
        'aws.accounts[0]',
      ]);
    });
  });

  describe('sign-in', () => {
    it("summarises the awsalb provider's config, its key endpoint and keys, and the last sign-in", async () => {
      await renderPage();
      expect(
        await screen.findByText(exampleSignIn.provider!.issuer),
      ).toBeInTheDocument();
      expect(
        screen.getByText(exampleSignIn.provider!.signers[0]),
      ).toBeInTheDocument();
      expect(screen.getByText('cognito')).toBeInTheDocument();
      expect(screen.getByText('8 h')).toBeInTheDocument();
      expect(screen.getByText('Yes: 200 in 54 ms')).toBeInTheDocument();
      expect(screen.getByText('2')).toBeInTheDocument();
      expect(screen.getByText(/as user:default\/alice/)).toBeInTheDocument();
    });

    it('lists failures by reason with what each means, without the messages that name people', async () => {
      await renderPage();
      const expired = within(
        await screen.findByText('expired').then(e => e.closest('tr')!),
      );
      expect(expired.getByText('4')).toBeInTheDocument();
      expect(
        expired.getByText(/The ALB token had expired/),
      ).toBeInTheDocument();
      expect(
        expired.getByText('The ALB token expired at 2026-12-02T06:57:40Z'),
      ).toBeInTheDocument();
      const notFound = within(rowOf('user-not-found'));
      expect(
        notFound.getByText('not kept: it names the person'),
      ).toBeInTheDocument();
    });

    it('says when no failure has happened', async () => {
      await renderPage({ signIn: { ...exampleSignIn, failures: [] } });
      expect(
        await screen.findByText(/^No failed sign-ins since/),
      ).toBeInTheDocument();
    });

    it('shows a key endpoint that does not answer', async () => {
      await renderPage({
        signIn: {
          ...exampleSignIn,
          keyEndpoint: {
            ...exampleSignIn.keyEndpoint!,
            ok: false,
            status: undefined,
            error: 'ENOTFOUND',
          },
        },
      });
      expect(await screen.findByText('No: ENOTFOUND')).toBeInTheDocument();
    });

    it('explains a backend where sign-in is not reported', async () => {
      await renderPage({ signIn: { configured: false, failures: [] } });
      expect(
        await screen.findByText(
          'Info: Sign-in through the ALB is not reported by this backend',
        ),
      ).toBeInTheDocument();
    });
  });

  describe('user directory sync', () => {
    const title = 'User directory sync';

    it('shows each sync: its source, group filter, schedule and last run, failed first with what to fix', async () => {
      await renderPage();
      expect(
        await screen.findByText(`${title} (2, 1 failing)`),
      ).toBeInTheDocument();

      const corp = within(rowOf('corp'));
      expect(
        corp.getByText('catalog.providers.awsDirectory.corp'),
      ).toBeInTheDocument();
      expect(
        corp.getByText('Cognito user pool us-east-1_Example'),
      ).toBeInTheDocument();
      expect(corp.getByText('us-east-1 · main account')).toBeInTheDocument();
      expect(corp.getByText('platform, payments')).toBeInTheDocument();
      expect(corp.getByText('every 30 minutes')).toBeInTheDocument();
      expect(corp.getByRole('time')).toHaveAttribute(
        'datetime',
        '2026-12-02T06:30:04.210Z',
      );
      expect(corp.getByText('On schedule, took 4.2 s')).toBeInTheDocument();
      expect(corp.getByText('Succeeded')).toBeInTheDocument();
      expect(corp.getByText('132 users, 2 groups')).toBeInTheDocument();

      const store = within(rowOf('identity-center'));
      expect(
        store.getByText('Identity Center store d-9067a1b2c3'),
      ).toBeInTheDocument();
      expect(
        store.getByText('eu-west-1 · account 222222222222'),
      ).toBeInTheDocument();
      expect(store.getByText('all users')).toBeInTheDocument();
      expect(
        store.getByText('Failed: AccessDeniedException'),
      ).toBeInTheDocument();
      expect(
        store.getByText(
          /^Allow identitystore:ListGroups, identitystore:ListGroupMemberships and identitystore:ListUsers on identity store d-9067a1b2c3 in the policy of account 222222222222's credentials/,
        ),
      ).toBeInTheDocument();
      expect(
        store.getByText(
          /^AWS said: User: .* is not authorized to perform: identitystore:ListGroups/,
        ),
      ).toBeInTheDocument();

      // Failed syncs come first.
      expect(
        screen
          .getAllByText(/^catalog\.providers\.awsDirectory\./)
          .map(e => e.textContent),
      ).toEqual([
        'catalog.providers.awsDirectory.identity-center',
        'catalog.providers.awsDirectory.corp',
      ]);
    });

    it('says what the last run left out, and lists it on request', async () => {
      await renderPage();
      await screen.findByText(`${title} (2, 1 failing)`);
      const corp = within(rowOf('corp'));
      expect(
        corp.getByText("3 left out: not this sync's to write"),
      ).toBeInTheDocument();
      expect(
        corp.queryByRole('list', { name: 'Left out by the last run' }),
      ).not.toBeInTheDocument();

      fireEvent.click(
        corp.getByRole('button', { name: 'Show what was left out' }),
      );
      const list = within(
        corp.getByRole('list', { name: 'Left out by the last run' }),
      );
      expect(list.getAllByRole('listitem').map(li => li.textContent)).toEqual([
        'User Bob not written: user:default/bob belongs to file:/app/examples/org.yaml',
        "User alice@evil.example not written: 'alice@evil.example' is not an entity name as it is, and the sync does not rewrite names to make one (map it with a transformer)",
        'User carl written without its email: user:default/alice has it',
      ]);
      // The store's failed run left nothing out: it wrote nothing.
      expect(
        within(rowOf('identity-center')).queryByText(/left out/),
      ).not.toBeInTheDocument();

      // The table's search finds a sync by a name it left out.
      fireEvent.change(screen.getAllByPlaceholderText('Filter').at(-1)!, {
        target: { value: 'alice@evil' },
      });
      await waitFor(() =>
        expect(screen.queryByText('identity-center')).not.toBeInTheDocument(),
      );
      expect(rowOf('corp')).toBeInTheDocument();
    });

    it('runs a sync now and replaces its row with the new run', async () => {
      const backend = await renderPage();
      await screen.findByText(`${title} (2, 1 failing)`);
      fireEvent.click(
        within(rowOf('identity-center')).getByRole('button', {
          name: 'Sync now',
        }),
      );
      expect(
        await screen.findByText(`${title} (2, none failing)`),
      ).toBeInTheDocument();
      const store = within(rowOf('identity-center'));
      expect(store.getByText('Succeeded')).toBeInTheDocument();
      expect(store.getByText('57 users, 4 groups')).toBeInTheDocument();
      expect(
        store.getByText('Started by an admin, took 1.8 s'),
      ).toBeInTheDocument();
      expect(
        store.queryByText('Failed: AccessDeniedException'),
      ).not.toBeInTheDocument();
      expect(backend.calls).toContain(
        'POST /admin/directory-syncs/identity-center/run',
      );
    });

    it('disables the button and shows progress while the run takes', async () => {
      await renderPage({ fail: { 'run-sync': 'hang' } });
      await screen.findByText(`${title} (2, 1 failing)`);
      fireEvent.click(
        within(rowOf('corp')).getByRole('button', { name: 'Sync now' }),
      );
      const button = await within(rowOf('corp')).findByRole('button', {
        name: 'Syncing…',
      });
      expect(button).toBeDisabled();
      expect(
        within(rowOf('corp')).getByRole('progressbar'),
      ).toBeInTheDocument();
      // The other row can still run.
      expect(
        within(rowOf('identity-center')).getByRole('button', {
          name: 'Sync now',
        }),
      ).toBeEnabled();
    });

    it('shows why a run failed on its row, and keeps the table', async () => {
      await renderPage({ fail: { 'run-sync': notAllowedToRun } });
      await screen.findByText(`${title} (2, 1 failing)`);
      fireEvent.click(
        within(rowOf('corp')).getByRole('button', { name: 'Sync now' }),
      );
      const corp = within(rowOf('corp'));
      expect(
        await corp.findByText('Not allowed to run the corp sync'),
      ).toBeInTheDocument();
      expect(
        corp.getByText(
          /^The backend refused: You may not start AWS admin checks or syncs: .* Running it needs the aws\.admin\.run permission/,
        ),
      ).toBeInTheDocument();
      expect(corp.getByText('132 users, 2 groups')).toBeInTheDocument();
      expect(corp.getByRole('button', { name: 'Sync now' })).toBeEnabled();
      expect(screen.getByText(`${title} (2, 1 failing)`)).toBeInTheDocument();
      expect(
        within(rowOf('identity-center')).queryByText(/^Not allowed/),
      ).not.toBeInTheDocument();
    });

    it('says when the backend no longer knows a sync', async () => {
      await renderPage({
        fail: {
          'run-sync': () =>
            backendError(
              404,
              'NotFoundError',
              "No directory sync 'corp': the syncs are the keys of catalog.providers.awsDirectory",
            ),
        },
      });
      await screen.findByText(`${title} (2, 1 failing)`);
      fireEvent.click(
        within(rowOf('corp')).getByRole('button', { name: 'Sync now' }),
      );
      expect(
        await within(rowOf('corp')).findByText(
          'Could not run the corp sync: the backend does not know it',
        ),
      ).toBeInTheDocument();
    });

    it('shows its own load failure with a way to try again, and the other sections as usual', async () => {
      const syncs = failingUntilFixed(
        () => backendError(500, 'Error', 'The catalog is not ready'),
        { syncs: [cognitoSync], installed: true },
      );
      const backend = await renderPage({
        fail: { 'directory-syncs': syncs.answer },
      });
      expect(
        await screen.findByText(
          'Error: Could not read the user directory syncs',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /^The backend answered 500: The catalog is not ready\. Try again/,
        ),
      ).toBeInTheDocument();
      expect(
        await screen.findByText('Proxy routes (4, 2 unhealthy)'),
      ).toBeInTheDocument();
      expect(
        await screen.findByText('AWS accounts (3, 1 failing)'),
      ).toBeInTheDocument();
      expect(
        await screen.findByText(exampleSignIn.provider!.issuer),
      ).toBeInTheDocument();

      syncs.fix();
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
      expect(
        await screen.findByText(`${title} (1, none failing)`),
      ).toBeInTheDocument();
      expect(
        backend.calls.filter(c => c === 'GET /admin/directory-syncs'),
      ).toHaveLength(2);
    });

    it('explains a backend without the aws-users catalog module, as information', async () => {
      await renderPage({ directorySyncs: { syncs: [], installed: false } });
      expect(
        await screen.findByText(
          'Info: The user directory sync is not installed in this backend',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /The catalog module @aws-bridge\/plugin-catalog-backend-module-aws-users is not installed in this backend.*docs\/user-provisioning\.md/,
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/^Error:/)).not.toBeInTheDocument();
    });

    it('says when no sync is configured', async () => {
      await renderPage({ directorySyncs: { syncs: [], installed: true } });
      expect(
        await screen.findByText('Info: No user directory sync is configured'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /Nothing is configured under catalog\.providers\.awsDirectory/,
        ),
      ).toBeInTheDocument();
    });
  });

  describe('degrading piece by piece', () => {
    it('shows a section that fails with why and how to go on, and the others as usual', async () => {
      await renderPage({
        fail: {
          accounts: () =>
            backendError(500, 'Error', 'The credentials service is down'),
          'sign-in': 'unreachable',
        },
      });
      expect(
        await screen.findByText('Proxy routes (4, 2 unhealthy)'),
      ).toBeInTheDocument();
      expect(
        await screen.findByText('Error: Could not read the AWS accounts'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /^The backend answered 500: The credentials service is down\. Try again/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Error: Could not read the sign-in status: the backend did not answer',
        ),
      ).toBeInTheDocument();
    });

    it('tries a failed section again when asked', async () => {
      const accounts = failingUntilFixed(
        () => backendError(503, 'ServiceUnavailableError', 'Starting'),
        { accounts: [] },
      );
      const backend = await renderPage({ fail: { accounts: accounts.answer } });
      await screen.findByText('Error: Could not read the AWS accounts');
      accounts.fix();
      fireEvent.click(screen.getAllByRole('button', { name: 'Try again' })[0]);
      expect(
        await screen.findByText('AWS accounts (0, all working)'),
      ).toBeInTheDocument();
      expect(
        backend.calls.filter(c => c === 'GET /admin/accounts'),
      ).toHaveLength(2);
    });

    it('shows a loading state per section while the backend works', async () => {
      await renderPage({ fail: { routes: 'hang' } });
      expect(
        await screen.findByText('AWS accounts (3, 1 failing)'),
      ).toBeInTheDocument();
      expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
    });
  });

  describe('permission', () => {
    it('tells a user without aws.admin.read that they may not, and asks the backend nothing', async () => {
      const backend = await renderPage({ allowed: false });
      expect(
        await screen.findByText(
          'Warning: You are not allowed to see the AWS admin page',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/needs the aws\.admin\.read permission/),
      ).toBeInTheDocument();
      expect(backend.calls).toEqual([]);
    });

    it('shows a user with aws.admin.read only everything, with the checks and syncs greyed out', async () => {
      const backend = await renderPage({ mayRun: false });
      await screen.findByText('Proxy routes (4, 2 unhealthy)');
      await screen.findByText('AWS accounts (3, 1 failing)');
      await screen.findByText('User directory sync (2, 1 failing)');
      expect(
        screen.getByRole('button', { name: 'Check /tagging again' }),
      ).toBeDisabled();
      for (const button of screen.getAllByRole('button', {
        name: 'Sync now',
      })) {
        expect(button).toBeDisabled();
      }
      // The toolbars read again instead of running anything.
      fireEvent.click(
        screen.getByRole('button', { name: 'Read the routes again' }),
      );
      fireEvent.click(
        screen.getByRole('button', { name: 'Read the accounts again' }),
      );
      await waitFor(() =>
        expect(
          backend.calls.filter(c => c === 'GET /admin/accounts'),
        ).toHaveLength(2),
      );
      expect(backend.calls.filter(c => c.startsWith('POST'))).toEqual([]);
    });

    it("shows the backend's 403 when the backend refuses though the page was shown", async () => {
      await renderPage({
        fail: {
          routes: notAllowed,
          accounts: notAllowed,
          'sign-in': notAllowed,
        },
      });
      expect(
        await screen.findByText('Error: Not allowed to read the proxy routes'),
      ).toBeInTheDocument();
      expect(
        screen.getAllByText(
          /^The backend refused: You may not read the AWS admin API: the permission policy denies aws\.admin\.read\./,
        ),
      ).toHaveLength(3);
    });
  });
});
