import { AwsAdminClient } from '@aws-bridge/plugin-aws-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SWRConfig } from 'swr';
import {
  downRoute,
  exampleSignIn,
  fakeAdminBackend,
  FakeAdminOptions,
  healthyRoute,
  manyRoutes,
  notAllowed,
  backendError,
} from '../../__testUtils__/fakeAdminApi';
import { awsAdminApiRef } from '../../api';
import { AwsAdminPage } from './AwsAdminPage';

// The admin page with the real AwsAdminClient; only fetchApi (the HTTP boundary) and the
// permission decision are faked.

async function renderPage(
  options: FakeAdminOptions & { allowed?: boolean } = {},
) {
  const backend = fakeAdminBackend(options);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [awsAdminApiRef, new AwsAdminClient(backend)],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      {/* usePermission caches decisions in SWR's global cache: one per test. */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <AwsAdminPage />
      </SWRConfig>
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
      await renderPage({ fail: { check: notAllowed } });
      await screen.findByText('Proxy routes (4, 2 unhealthy)');
      fireEvent.click(
        screen.getByRole('button', { name: 'Check /tagging again' }),
      );
      expect(
        await screen.findByText(
          'Error: Not allowed to read a fresh route check',
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
      let failing = true;
      const backend = await renderPage({
        fail: {
          accounts: () =>
            failing
              ? backendError(503, 'ServiceUnavailableError', 'Starting')
              : new Response(JSON.stringify({ accounts: [] }), {
                  status: 200,
                }),
        },
      });
      await screen.findByText('Error: Could not read the AWS accounts');
      failing = false;
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
