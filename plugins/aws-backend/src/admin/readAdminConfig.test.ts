import { ConfigReader } from '@backstage/config';
import { DEFAULT_ADMIN_CONFIG, readAdminConfig } from './readAdminConfig';

const read = (admin: unknown) =>
  readAdminConfig(new ConfigReader({ aws: { admin } as any }));

it('defaults to one run per target per 30 s and 10 actions a minute per caller', () => {
  expect(readAdminConfig(new ConfigReader({}))).toEqual(DEFAULT_ADMIN_CONFIG);
  expect(DEFAULT_ADMIN_CONFIG).toEqual({
    minRunIntervalMs: 30_000,
    runsPerCaller: 10,
    runWindowMs: 60_000,
  });
});

it('reads durations and the limit', () => {
  expect(
    read({
      minRunInterval: 0,
      runLimit: { perCaller: 3, window: { minutes: 5 } },
    }),
  ).toEqual({ minRunIntervalMs: 0, runsPerCaller: 3, runWindowMs: 300_000 });
});

it.each([
  [{ minRunInterval: '2h' }, 'aws.admin.minRunInterval: must be a duration'],
  [{ runLimit: { perCaller: 0 } }, 'aws.admin.runLimit.perCaller: must be'],
  [{ runLimit: { perCaller: '10' } }, 'aws.admin.runLimit.perCaller: must be'],
  [{ runLimit: { perCaller: 2.5 } }, 'aws.admin.runLimit.perCaller: must be'],
  [{ runLimit: { window: '0s' } }, 'aws.admin.runLimit.window: must be'],
  [{ runLimit: { perUser: 3 } }, 'aws.admin.runLimit.perUser: unknown key'],
  [{ rateLimit: {} }, 'aws.admin.rateLimit: unknown key'],
  [['x'], 'aws.admin: must be an object'],
])('refuses %p at startup, naming the key', (admin, message) => {
  expect(() => read(admin)).toThrow(`Invalid AWS admin config at ${message}`);
});
