import { createHash, randomBytes } from 'node:crypto';
import type { Fixture, FixtureAccount, FixtureRole } from '../fixture/schema';

/** Who a request is from: an IAM user, or a session of an assumed role. */
export interface Principal {
  accountId: string;
  /** `arn:aws:iam::<acct>:user/<name>` or `arn:aws:sts::<acct>:assumed-role/<role>/<session>` */
  arn: string;
  /** `AIDA...` for a user, `AROA...:<session>` for an assumed role, as GetCallerIdentity reports. */
  userId: string;
  /** For an assumed-role session, the role's own ARN (what trust policies name). */
  roleArn?: string;
}

export interface KnownKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** Set for temporary credentials: requests must carry it. */
  sessionToken?: string;
  /** Epoch milliseconds after which temporary credentials are refused. */
  expiresAt?: number;
  principal: Principal;
}

export interface SessionCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable IAM unique ID (`AIDA...`, `AROA...`) derived from the ARN. */
function uniqueId(prefix: string, arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; id.length < 21; i++) id += ID_ALPHABET[digest[i] % 32];
  return id;
}

function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (let i = 0; id.length < length; i++) id += ID_ALPHABET[bytes[i] % 32];
  return id;
}

/**
 * The accounts, roles and access keys the emulator knows: those from the fixture, plus the
 * temporary credentials STS has issued since it started.
 */
export class Identities {
  private readonly keys = new Map<string, KnownKey>();
  private readonly accounts = new Map<string, FixtureAccount>();

  constructor(readonly fixture: Fixture) {
    for (const account of fixture.accounts) {
      this.accounts.set(account.id, account);
      for (const user of account.users) {
        const arn = `arn:aws:iam::${account.id}:user/${user.name}`;
        const principal = {
          accountId: account.id,
          arn,
          userId: uniqueId('AIDA', arn),
        };
        for (const key of user.accessKeys) {
          this.keys.set(key.accessKeyId, {
            accessKeyId: key.accessKeyId,
            secretAccessKey: key.secretAccessKey,
            sessionToken: key.sessionToken,
            expiresAt: key.expiration ? Date.parse(key.expiration) : undefined,
            principal,
          });
        }
      }
    }
  }

  findKey(accessKeyId: string): KnownKey | undefined {
    return this.keys.get(accessKeyId);
  }

  account(accountId: string): FixtureAccount | undefined {
    return this.accounts.get(accountId);
  }

  /** The role an ARN names, if the fixture has it. */
  role(
    roleArn: string,
  ): { account: FixtureAccount; role: FixtureRole } | undefined {
    const match =
      /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(
        roleArn,
      );
    const account = match && this.accounts.get(match[1]);
    const role = account?.roles.find(r => r.name === match![2]);
    return account && role ? { account, role } : undefined;
  }

  /** Issues temporary credentials for a session of `roleArn`, valid for `lifetimeMs`. */
  issueRoleSession(
    accountId: string,
    roleArn: string,
    sessionName: string,
    lifetimeMs: number,
    now: number,
  ): { credentials: SessionCredentials; principal: Principal } {
    const roleName = roleArn.split('/').pop()!;
    const principal: Principal = {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${uniqueId('AROA', roleArn)}:${sessionName}`,
      roleArn,
    };
    const key: KnownKey = {
      accessKeyId: randomId('ASIA', 20),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`,
      // Whole seconds, as AWS reports expiry.
      expiresAt: Math.floor((now + lifetimeMs) / 1000) * 1000,
      principal,
    };
    this.keys.set(key.accessKeyId, key);
    return {
      principal,
      credentials: {
        AccessKeyId: key.accessKeyId,
        SecretAccessKey: key.secretAccessKey,
        SessionToken: key.sessionToken!,
        Expiration: new Date(key.expiresAt!)
          .toISOString()
          .replace('.000Z', 'Z'),
      },
    };
  }
}
