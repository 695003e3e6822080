import { startAwsEmulator } from '@aws-bridge/aws-emulator';
import type { AwsEmulator, AwsEmulatorOptions } from '@aws-bridge/aws-emulator';
import {
  awsUserProvisioningServiceRef,
  DefaultAwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleAwsUsers } from '../module';

// The real catalog backend with this module, its AWS being the emulator. What a test sees is
// what the catalog's own API answers.

export const MAIN_KEY = {
  accessKeyId: 'AKIATESTDIRECTORY001',
  secretAccessKey: 'test-secret-of-the-directory-reader',
};

const ENV_KEYS = ['AWS_ENDPOINT_URL', 'AWS_REGION'] as const;

/** Points the SDK at the emulator for the duration of a test file. */
export async function startEmulatorWithEnv(
  fixture: NonNullable<AwsEmulatorOptions['fixture']>,
): Promise<{ emulator: AwsEmulator; restore: () => Promise<void> }> {
  const emulator = await startAwsEmulator({ fixture });
  const saved = ENV_KEYS.map(key => [key, process.env[key]] as const);
  process.env.AWS_ENDPOINT_URL = emulator.url;
  return {
    emulator,
    restore: async () => {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await emulator.stop();
    },
  };
}

export type CatalogUnderTest = Awaited<ReturnType<typeof startCatalog>>;

/** Starts the catalog with the module and `config` over the main account's static key. */
export async function startCatalog(config: Record<string, unknown>) {
  const provisioning = new DefaultAwsUserProvisioningService();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleAwsUsers,
      createServiceFactory({
        service: awsUserProvisioningServiceRef,
        deps: {},
        factory: () => provisioning,
      }),
      mockServices.rootConfig.factory({
        data: {
          aws: { mainAccount: { ...MAIN_KEY, region: 'us-east-1' } },
          // Process what providers write at once, not on the default minutes-long cycle.
          catalog: { processingInterval: { seconds: 1 }, ...config },
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

  /** The entity names of `kind`, sorted, once `until` holds for them (the catalog processes in the background). */
  async function namesOf(
    kind: 'User' | 'Group',
    until: (names: string[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const names = (await entities(kind)).map(e => e.metadata.name).sort();
      if (until(names) || Date.now() > deadline) return names;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  return { backend, provisioning, entities, namesOf };
}
