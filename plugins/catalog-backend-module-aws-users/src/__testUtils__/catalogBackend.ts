import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type { AwsEmulator, FixtureInput } from '@aws-bridge/aws-emulator';
import {
  awsUserProvisioningServiceRef,
  DefaultAwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { catalogModuleAwsUsers } from '../module';

// The real catalog backend with this module, its AWS being the emulator. What a test sees is
// what the catalog's own API answers.

export const MAIN_ACCOUNT_ID = '999999999999';
export const MAIN_KEY = {
  accessKeyId: 'AKIATESTDIRECTORY001',
  secretAccessKey: 'test-secret-of-the-directory-reader',
};

/** The directories of the main account, in the emulator's fixture format. */
export type MainAccountDirectories = Pick<
  FixtureInput['accounts'][number],
  'cognitoUserPools' | 'identityStores'
>;

/**
 * A fixture of one account, the main one, whose `backstage` user holds the key the catalog
 * signs with, and which holds `directories`.
 */
export function mainAccountFixture(
  directories: MainAccountDirectories,
): FixtureInput {
  return {
    accounts: [
      {
        id: MAIN_ACCOUNT_ID,
        users: [{ name: 'backstage', accessKeys: [{ ...MAIN_KEY }] }],
        ...directories,
      },
    ],
  };
}

/**
 * The emulator, with the SDK pointed at it while a test file runs. `restart` serves another
 * fixture on the same port: the directory changed between two syncs.
 */
export async function startDirectoryEmulator(fixture: FixtureInput) {
  let emulator: AwsEmulator = await startAwsEmulator({ fixture });
  const saved = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = emulator.url;
  return {
    get emulator() {
      return emulator;
    },
    async restart(next: FixtureInput) {
      const { port } = emulator;
      await emulator.stop();
      emulator = await startAwsEmulator({ fixture: next, port });
    },
    async stop() {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
      await emulator.stop();
    },
  };
}

/**
 * Starts the catalog with this module and `catalog` config, reading AWS as the main account.
 * `backendConfig` is the backend's own config (`backend.database`); without it, the database
 * is SQLite in memory, this backend's alone.
 */
export async function startCatalog(
  catalog: JsonObject,
  extraFeatures: BackendFeature[] = [],
  backendConfig?: JsonObject,
) {
  const provisioning = new DefaultAwsUserProvisioningService();
  const backend = await startTestBackend({
    features: [
      ...extraFeatures,
      catalogPlugin,
      catalogModuleAwsUsers,
      // The real service, held here so tests can start syncs as the admin API does.
      createServiceFactory({
        service: awsUserProvisioningServiceRef,
        deps: {},
        factory: () => provisioning,
      }),
      mockServices.rootConfig.factory({
        data: {
          ...(backendConfig && { backend: backendConfig }),
          aws: { mainAccount: { ...MAIN_KEY, region: 'us-east-1' } },
          // Process what providers write at once, not on the default minutes-long cycle.
          catalog: { processingInterval: { seconds: 1 }, ...catalog },
        },
      }),
    ],
  });

  async function entities(kind: 'User' | 'Group'): Promise<Entity[]> {
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-query?filter=kind=${kind}&limit=1000`)
      .set('Authorization', mockCredentials.user.header());
    if (res.status !== 200) throw new Error(`catalog answered ${res.status}`);
    return res.body.items;
  }

  /**
   * The entities of `kind` once `until` holds for them (the catalog processes what providers
   * write in the background), or as they are at the deadline.
   */
  async function entitiesWhen(
    kind: 'User' | 'Group',
    until: (found: Entity[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<Entity[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await entities(kind);
      if (until(found) || Date.now() > deadline) return found;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  return { backend, provisioning, entities, entitiesWhen };
}

/** Sorted entity names. */
export const namesOf = (entities: Entity[]) =>
  entities.map(e => e.metadata.name).sort();

/** The emulator and the catalog a test file's directory syncs run against. */
export type DirectorySyncTest = {
  aws: Awaited<ReturnType<typeof startDirectoryEmulator>>;
  catalog: Awaited<ReturnType<typeof startCatalog>>;
};

/**
 * Starts the emulator serving `fixture`, then the catalog with `catalog` config reading it,
 * before the file's tests, and stops both after them. The returned object is filled in once
 * `beforeAll` has run.
 */
export function useDirectorySyncTest(options: {
  fixture: FixtureInput;
  catalog: JsonObject;
  extraFeatures?: BackendFeature[];
}): DirectorySyncTest {
  const test = {} as DirectorySyncTest;
  beforeAll(async () => {
    test.aws = await startDirectoryEmulator(options.fixture);
    test.catalog = await startCatalog(options.catalog, options.extraFeatures);
  }, 60_000);
  afterAll(async () => {
    await test.catalog?.backend.stop();
    await test.aws?.stop();
  });
  return test;
}
