import { z } from 'zod';

/**
 * What a deployment chooses: the one input of the stack, read from `settings.yaml`
 * (`settings.example.yaml` explains each key). Checked before anything is built, so a
 * mistake stops `cdk synth` with the key's name instead of failing in CloudFormation.
 */

const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be an https:// URL');
/** `12h`, `30m`, `7d` or `604800s`: the ALB takes whole seconds, from 1 s to 7 days. */
const duration = z
  .string()
  .regex(/^\d+[smhd]$/, "must be a number and a unit, such as '12h' or '30m'");
const arn = (service: string, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:`),
      `must be ${what} (arn:aws:${service}:...)`,
    );

const cognitoSchema = z.strictObject({
  /** Create a user pool, its domain and the ALB's app client (the default), or name yours. */
  domainPrefix: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be a Cognito domain prefix: lowercase letters, digits and hyphens',
    ),
  /** An existing user pool; with it, `userPoolClientId` (a client with a secret). */
  userPoolId: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+_[A-Za-z0-9]+$/, 'must be a user pool ID')
    .optional(),
  userPoolClientId: z.string().min(1).optional(),
});

const oidcSchema = z.strictObject({
  issuer: httpsUrl,
  authorizationEndpoint: httpsUrl,
  tokenEndpoint: httpsUrl,
  userInfoEndpoint: httpsUrl,
  clientId: z.string().min(1),
  /** The client secret's name or ARN in Secrets Manager; it never enters the template. */
  clientSecret: z.strictObject({
    secretName: z.string().min(1),
    /** When the secret is JSON, the field holding the client secret. */
    jsonField: z.string().min(1).optional(),
  }),
  /** The IdP's logout URL, where sign-out sends the browser after ending the ALB session. */
  logoutUrl: httpsUrl.optional(),
  /** Picks the claims Backstage reads (auth.providers.awsalb.idp). */
  idp: z.enum(['okta', 'entra', 'google', 'generic']).default('generic'),
});

const signInSchema = z
  .strictObject({
    /** How long an ALB session lasts before the IdP is asked again (at most 7 days). */
    sessionTimeout: duration
      .default('12h')
      .refine(v => durationSeconds(v) >= 1 && durationSeconds(v) <= 604800, {
        message: 'must be from 1 second to 7 days (the ALB limit)',
      }),
    scopes: z
      .array(z.string().regex(/^\S+$/))
      .nonempty()
      .default(['openid', 'email', 'profile']),
    sessionCookieName: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be a cookie name')
      .default('AWSELBAuthSessionCookie'),
    cognito: cognitoSchema.optional(),
    oidc: oidcSchema.optional(),
    /**
     * Just-in-time provisioning: whoever the ALB lets in, in one of these email domains or
     * groups, becomes a User entity at sign-in (docs/user-provisioning.md).
     */
    provisioning: z
      .strictObject({
        allowedEmailDomains: z.array(z.string().min(1)).optional(),
        allowedGroups: z.array(z.string().min(1)).optional(),
      })
      .refine(
        p =>
          (p.allowedEmailDomains?.length ?? 0) +
            (p.allowedGroups?.length ?? 0) >
          0,
        { message: 'needs allowedEmailDomains, allowedGroups or both' },
      )
      .optional(),
  })
  .refine(s => Boolean(s.cognito) !== Boolean(s.oidc), {
    message: 'set exactly one of signIn.cognito and signIn.oidc',
  })
  .refine(s => s.scopes.includes('openid'), {
    message: "must include 'openid'",
    path: ['scopes'],
  })
  .refine(
    s =>
      Boolean(s.cognito?.userPoolId) === Boolean(s.cognito?.userPoolClientId),
    {
      message:
        'an existing user pool needs both userPoolId and userPoolClientId',
      path: ['cognito'],
    },
  );

const existingVpcSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, 'must be a VPC ID'),
  availabilityZones: z.array(z.string()).min(2),
  /** Where the ALB goes: subnets routed to an internet gateway. */
  publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/)).min(2),
  /** Where the tasks and the database go: subnets with a NAT route to the internet. */
  privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/)).min(2),
});

const taskRoleSchema = z.strictObject({
  /** Roles the backend assumes for aws.accounts and routes with roleArn. */
  assumeRoles: z.array(arn('iam', 'a role ARN')).default([]),
  /** API Gateway APIs the proxy's routes call in this account (execute-api ARNs). */
  invokeApis: z.array(arn('execute-api', 'an execute-api ARN')).default([]),
  /** The entity card's resources route (Resource Groups Tagging API) in this account. */
  resourceTagging: z.boolean().default(false),
  /** The entity card's account alias route (iam:ListAccountAliases) in this account. */
  accountAliases: z.boolean().default(false),
  /** Cognito user pools that catalog.providers.awsDirectory reads. */
  cognitoUserPools: z.array(arn('cognito-idp', 'a user pool ARN')).default([]),
  /** IAM Identity Center identity stores that catalog.providers.awsDirectory reads. */
  identityStoreIds: z
    .array(
      z
        .string()
        .regex(
          /^d-[0-9a-f]{10}$|^[0-9a-f-]{36}$/,
          'must be an identity store ID',
        ),
    )
    .default([]),
});

export const deploySettingsSchema = z.strictObject({
  stackName: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
      'must be a CloudFormation stack name',
    )
    .default('aws-bridge-backstage'),
  /** The name people open; its DNS record points at the ALB (docs/deploy.md). */
  domainName: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/,
      'must be a DNS name such as backstage.example.com',
    ),
  /** An ACM certificate for domainName, in the stack's region. */
  certificateArn: arn('acm', 'an ACM certificate ARN'),
  /** Who may reach the ALB on 443. */
  allowedCidrs: z
    .array(
      z
        .string()
        .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR'),
    )
    .nonempty()
    .default(['0.0.0.0/0']),
  /** A pushed image; when unset, `cdk deploy` builds the repository's Dockerfile. */
  image: z.string().min(1).optional(),
  service: z
    .strictObject({
      desiredCount: z.number().int().min(1).default(2),
      cpu: z
        .union([
          z.literal(256),
          z.literal(512),
          z.literal(1024),
          z.literal(2048),
          z.literal(4096),
        ])
        .default(1024),
      memoryMiB: z.number().int().min(512).default(2048),
    })
    .prefault({}),
  vpc: z
    .strictObject({
      maxAzs: z.number().int().min(2).default(2),
      natGateways: z.number().int().min(1).default(1),
      existing: existingVpcSchema.optional(),
    })
    .prefault({}),
  database: z
    .strictObject({
      instanceType: z
        .string()
        .regex(/^[a-z0-9]+\.[a-z0-9]+$/)
        .default('t4g.micro'),
      allocatedStorageGiB: z.number().int().min(20).default(20),
      multiAz: z.boolean().default(false),
      /** Keep the database when the stack is deleted (a final snapshot is taken either way). */
      deletionProtection: z.boolean().default(true),
    })
    .prefault({}),
  signIn: signInSchema,
  taskRole: taskRoleSchema.prefault({}),
  /**
   * Your own app config (proxy routes, accounts, catalog, ...), by top-level key, merged over
   * app-config.production.yaml: each key reaches Backstage as one APP_CONFIG_<key> variable.
   */
  appConfig: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .default({})
    .superRefine((config, context) => {
      const auth = config.auth as any;
      if (auth?.providers?.awsalb?.provisioning) {
        context.addIssue({
          code: 'custom',
          path: ['auth', 'providers', 'awsalb', 'provisioning'],
          message: 'set it as signIn.provisioning instead',
        });
      }
      for (const key of Object.keys(config)) {
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) {
          context.addIssue({
            code: 'custom',
            path: [key],
            message:
              'must be a top-level config key such as aws or catalog (letters and digits)',
          });
        }
      }
      if (JSON.stringify(config).length > 32 * 1024) {
        context.addIssue({
          code: 'custom',
          message:
            'is over 32 KiB as JSON, too much for task environment variables: put it in a config file in the image (docs/container-image.md)',
        });
      }
    }),
});

export type DeploySettings = z.infer<typeof deploySettingsSchema>;
/** The settings as written: everything with a default may be left out. */
export type DeploySettingsInput = z.input<typeof deploySettingsSchema>;

/** An invalid `settings.yaml`: every problem, each with the key it is about. */
export class DeploySettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid deploy settings:\n${problems.map(p => `  - ${p}`).join('\n')}`,
    );
    this.name = 'DeploySettingsError';
  }
}

export function readDeploySettings(input: unknown): DeploySettings {
  const result = deploySettingsSchema.safeParse(input);
  if (!result.success) {
    throw new DeploySettingsError(
      result.error.issues.map(issue => {
        const key = issue.path.join('.') || '(settings)';
        return `${key}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/** The ALB's `SessionTimeout` in seconds, from a settings duration. */
export function durationSeconds(value: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[value.slice(-1)]!;
  return Number(value.slice(0, -1)) * unit;
}
