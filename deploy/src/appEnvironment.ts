/**
 * The values the stack passes to Backstage as environment variables, which
 * `deploy/app-config.production.yaml` reads (`${AWSALB_SIGNER}`, ...). This is the app config
 * the stack generates: what it built, in the keys the plugins read.
 */
export type AppEnvironmentInput = {
  /** https://<domainName>, the one URL people open. */
  baseUrl: string;
  /** The ALB's ARN: the only signer Backstage accepts. */
  signer: string;
  region: string;
  issuer: string;
  clientId: string;
  idp: string;
  sessionCookieName: string;
  logoutUrl?: string;
  databaseHost: string;
  databasePort: string;
  /** The deployment's own config by top-level key (settings.appConfig). */
  appConfig: Record<string, Record<string, unknown>>;
  /** signIn.provisioning's allowlist, when provisioning is on. */
  provisioning?: { allowedEmailDomains?: string[]; allowedGroups?: string[] };
};

export function appEnvironment(
  input: AppEnvironmentInput,
): Record<string, string> {
  return {
    BACKSTAGE_BASE_URL: input.baseUrl,
    AWSALB_SIGNER: input.signer,
    AWSALB_REGION: input.region,
    AWSALB_ISSUER: input.issuer,
    AWSALB_CLIENT_ID: input.clientId,
    AWSALB_IDP: input.idp,
    AWSALB_SESSION_COOKIE_NAME: input.sessionCookieName,
    ...(input.logoutUrl ? { AWSALB_LOGOUT_URL: input.logoutUrl } : {}),
    POSTGRES_HOST: input.databaseHost,
    POSTGRES_PORT: input.databasePort,
    // TLS to RDS, checked against the RDS CAs the image trusts (see the Dockerfile).
    PGSSLMODE: 'verify-full',
    AWS_REGION: input.region,
    // Backstage reads APP_CONFIG_<key> as JSON and merges it over the config files.
    ...Object.fromEntries(
      Object.entries(generatedAppConfig(input)).map(([key, value]) => [
        `APP_CONFIG_${key}`,
        JSON.stringify(value),
      ]),
    ),
  };
}

/** settings.appConfig, with what the stack's own settings add to it. */
function generatedAppConfig(
  input: AppEnvironmentInput,
): Record<string, Record<string, unknown>> {
  if (!input.provisioning) return input.appConfig;
  const auth = (input.appConfig.auth ?? {}) as any;
  return {
    ...input.appConfig,
    auth: {
      ...auth,
      providers: {
        ...auth.providers,
        awsalb: {
          ...auth.providers?.awsalb,
          provisioning: { enabled: true, ...input.provisioning },
        },
      },
    },
  };
}

/** The variables set from Secrets Manager rather than in plain text. */
export const APP_SECRET_VARIABLES = ['POSTGRES_USER', 'POSTGRES_PASSWORD'];
