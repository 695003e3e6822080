// One virtual user of the soak, as a person using the app behind the ALB: it opens a new
// session (a fresh cookie jar, the IdP's login form through the ALB), gets a Backstage token
// from the awsalb provider's refresh, then for 20-40 s calls the AWS proxy's routes (and, as
// alice, the admin API) with a 50-200 ms pause between calls; then starts over.

import { BrowserClient } from './browserClient.mjs';

/** Round-robin by user index. alice is in the platform group, which may read /api/aws/admin/*. */
export const USERS = ['alice', 'bob', 'erin', 'frank'];

const SESSION_MS = [20_000, 40_000];
const THINK_MS = [50, 200];
/** After a failed sign-in or refresh, before trying again. */
const RETRY_PAUSE_MS = 1000;

const between = ([low, high]) => low + Math.random() * (high - low);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The calls one session cycles through, each `(client, token, n) => answer`. */
function callsFor(username, albUrl) {
  const withToken = (token, init = {}) => ({
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  const calls = [
    [
      'proxy demo-api',
      (client, token, n) =>
        client.request(
          `${albUrl}/api/aws/proxy/demo-api/soak/${n}`,
          withToken(token),
        ),
    ],
    [
      'proxy payments-api',
      (client, token, n) =>
        client.request(
          `${albUrl}/api/aws/proxy/payments-api/soak/${n}`,
          withToken(token),
        ),
    ],
    [
      'proxy tagging',
      (client, token, n) =>
        client.request(
          `${albUrl}/api/aws/proxy/tagging`,
          withToken(token, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
              'x-aws-bridge-account':
                n % 2 === 0 ? '111111111111' : '222222222222',
            },
            body: '{}',
          }),
        ),
    ],
    [
      'proxy flaky',
      (client, token, n) =>
        client.request(
          `${albUrl}/api/aws/proxy/flaky/soak/${n}`,
          withToken(token),
        ),
    ],
  ];
  if (username === 'alice') {
    calls.push([
      'admin',
      (client, token) =>
        client.request(`${albUrl}/api/aws/admin/routes`, withToken(token)),
    ]);
  }
  return calls;
}

/**
 * Opens a session as `username`: the sign-in (the whole redirect dance, recorded as one
 * request) and the refresh. Resolves to `{ client, token }`, or undefined when either failed.
 */
async function openSession(recorder, username, albUrl) {
  const client = new BrowserClient();
  const landed = await recorder.time('sign-in', username, async () => {
    const answer = await client.signIn(`${albUrl}/`, username);
    // Still at the IdP (its form again): the login did not go through.
    if (new URL(answer.url).pathname.startsWith('/idp')) {
      return { ...answer, incomplete: `ended at the IdP (${answer.status})` };
    }
    return answer;
  });
  if (landed?.status !== 200) return undefined;
  const refresh = await recorder.time('refresh', username, () =>
    client.request(`${albUrl}/api/auth/awsalb/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    }),
  );
  if (refresh?.status !== 200) return undefined;
  const token = JSON.parse(refresh.body).backstageIdentity?.token;
  return token ? { client, token } : undefined;
}

/**
 * Runs virtual user `index` until `running()` turns false; its calls go to `recorder`.
 * Resolves once its last call has ended.
 */
export async function runVirtualUser({ index, albUrl, recorder, running }) {
  const username = USERS[index % USERS.length];
  const calls = callsFor(username, albUrl);
  let n = index * 1_000_000;
  while (running()) {
    const session = await openSession(recorder, username, albUrl);
    if (!session) {
      await sleep(RETRY_PAUSE_MS);
      continue;
    }
    const ends = Date.now() + between(SESSION_MS);
    // Each session starts at a random call, so the users do not move in step.
    let next = Math.floor(Math.random() * calls.length);
    while (running() && Date.now() < ends) {
      const [kind, call] = calls[next++ % calls.length];
      n++;
      await recorder.time(kind, username, () =>
        call(session.client, session.token, n),
      );
      await sleep(between(THINK_MS));
    }
  }
}
