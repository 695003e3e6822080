import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parse } from 'yaml';

/** One person the demo IdP can sign in. */
export type DemoUser = {
  username: string;
  /** Stable and opaque, as an IdP's `sub` is (Cognito's are UUIDs). */
  sub: string;
  name: string;
  email: string;
  groups: string[];
};

export type DemoDirectory = { password: string; users: DemoUser[] };

export const DEFAULT_USERS_PATH = resolvePackagePath(
  '@aws-bridge/alb-emulator',
  'src/fixture/users.yaml',
);

/** Reads and checks a users fixture; a mistake names the file and the entry. */
export function loadDemoUsers(file = DEFAULT_USERS_PATH): DemoDirectory {
  const data = parse(fs.readFileSync(file, 'utf8')) as Partial<DemoDirectory>;
  if (typeof data?.password !== 'string' || !Array.isArray(data.users)) {
    throw new Error(`${file}: needs 'password' and a list of 'users'`);
  }
  data.users.forEach((user, i) => {
    for (const key of ['username', 'sub', 'name', 'email'] as const) {
      if (typeof user?.[key] !== 'string' || !user[key]) {
        throw new Error(`${file}: users[${i}].${key} must be a string`);
      }
    }
    if (!Array.isArray(user.groups)) {
      throw new Error(`${file}: users[${i}].groups must be a list`);
    }
  });
  return data as DemoDirectory;
}
