import { cognitoUserPoolReader } from './readCognitoUserPool';
import { identityStoreReader } from './readIdentityStore';
import {
  MAIN_KEY,
  mainAccountFixture,
  startDirectoryEmulator,
} from '../__testUtils__/catalogBackend';

// The readers stop their AWS calls when the sync is cancelled (the scheduler's timeout aborts
// its signal and then waits for the run): the signal reaches the SDK, not only the caller.

const POOL = 'us-east-1_Abort1';
const STORE = 'd-0123456789';

let aws: Awaited<ReturnType<typeof startDirectoryEmulator>>;
beforeAll(async () => {
  aws = await startDirectoryEmulator(
    mainAccountFixture({
      cognitoUserPools: [
        {
          id: POOL,
          name: 'abort',
          users: [{ username: 'alice', email: 'alice@example.com' }],
          groups: [{ name: 'platform', members: ['alice'] }],
        },
      ],
      identityStores: [
        {
          id: STORE,
          region: 'us-east-1',
          users: [{ userName: 'ivy', email: 'ivy@corp.example' }],
          groups: [{ displayName: 'Finance', members: ['ivy'] }],
        },
      ],
    }),
  );
});
afterAll(() => aws?.stop());
beforeEach(() => aws.emulator.resetCalls());

const clientConfig = {
  region: 'us-east-1',
  credentials: async () => MAIN_KEY,
};

describe.each([
  ['a Cognito user pool', () => cognitoUserPoolReader(clientConfig, POOL)],
  ['an identity store', () => identityStoreReader(clientConfig, STORE)],
])('reading %s', (_name, reader) => {
  it('reads the directory with no signal', async () => {
    const snapshot = await reader().read(undefined);
    expect(snapshot.users).toHaveLength(1);
    expect(snapshot.groups).toHaveLength(1);
  });

  it('makes no call once the signal is aborted, and fails naming the abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      reader().read(undefined, controller.signal),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(aws.emulator.calls()).toEqual({});
  });
});
