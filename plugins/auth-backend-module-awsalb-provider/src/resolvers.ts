import {
  AWS_IDP_SUBJECT_ANNOTATION,
  isEmailAddress,
} from '@aws-bridge/plugin-aws-common';
import { awsIdpSubject } from '@aws-bridge/plugin-aws-node';
import {
  Entity,
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AuthResolverContext,
  BackstageSignInResult,
  createSignInResolverFactory,
  SignInInfo,
} from '@backstage/plugin-auth-node';
import { z } from 'zod/v3';
import { AwsAlbAuthError } from './errors';
import { emailDomain, localPart } from './profile';
import { AwsAlbResult } from './types';

// Every resolver here compares what the IdP says with what the catalog holds exactly. The
// catalog itself looks names and filter values up ignoring case, so each match is checked
// again before a token is issued: `ALICE` is not alice. A domain is dropped to make a name
// only within `allowedDomains`, the domains whose local parts the adopter says name people.

const domainList = z
  .array(z.string().min(1))
  .transform(domains => domains.map(domain => domain.toLowerCase()));

const commonOptions = {
  allowedDomains: domainList.optional(),
  dangerouslyAllowSignInWithoutUserInCatalog: z.boolean().optional(),
};

/** The email resolver: its fallback name is the email's local part, so it needs the domains. */
const emailOptionsSchema = z
  .object(commonOptions)
  .refine(
    o => !o.dangerouslyAllowSignInWithoutUserInCatalog || o.allowedDomains,
    {
      message:
        'dangerouslyAllowSignInWithoutUserInCatalog needs allowedDomains: a person the catalog does not have is named after the local part of their email, which names one person only within domains you own',
      path: ['allowedDomains'],
    },
  )
  .optional();

/** The local-part resolver drops the domain on every sign-in: it needs the domains. */
const localPartOptionsSchema = z.object({
  ...commonOptions,
  allowedDomains: domainList.refine(domains => domains.length > 0, {
    message: 'must name at least one domain',
  }),
});

const usernameOptionsSchema = z.object(commonOptions).optional();

type ResolverOptions = {
  allowedDomains?: string[];
  dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
};

const refuse = (message: string) =>
  new AwsAlbAuthError('sign-in-refused', message);

/** The user's email, or a 401 naming what is missing or why the claims' email does not count. */
function requireEmail(info: SignInInfo<AwsAlbResult>): string {
  const { email, emailRefused } = info.result;
  if (email) return email;
  throw refuse(
    emailRefused
      ? `The ALB user claims have no email this sign-in resolver can use: ${emailRefused}`
      : 'The ALB user claims have no email, which this sign-in resolver needs: ' +
          "set 'emailClaim', or use usernameMatchingUserEntityName",
  );
}

/** Checks an email-like value against `allowedDomains`, when set. */
function checkDomain(address: string, options: ResolverOptions) {
  if (!isEmailAddress(address.toLowerCase())) {
    throw refuse(`${address} is not an email address`);
  }
  const domain = emailDomain(address).toLowerCase();
  if (options.allowedDomains && !options.allowedDomains.includes(domain)) {
    throw refuse(`The email domain ${domain} is not one of the allowedDomains`);
  }
}

/** A name a User entity can have as it is: nothing is rewritten to make one. */
function requireEntityName(name: string, from: string): string {
  if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
    throw refuse(
      `${from} is not a User entity name as it is, and sign-in does not rewrite names to make one`,
    );
  }
  return name;
}

const isNotFound = (error: unknown) =>
  (error as Error | undefined)?.name === 'NotFoundError';

/** What one resolver asks the catalog, and how it checks the answer. */
type Lookup = {
  query: Parameters<AuthResolverContext['findCatalogUser']>[0];
  /** Whether the entity the catalog found is the one the claim names, compared exactly. */
  matches: (entity: Entity) => boolean;
  /** The claim, for messages: `the username ALICE`. */
  claim: string;
  /** Who is signing in: `<iss>#<sub>`, as `aws-bridge.io/idp-subject` records it. */
  subject: string;
  /** The name to sign in as when the catalog has no one and the options allow it. */
  fallbackName?: string;
};

/**
 * Signs in as the User entity the lookup finds, once it is checked to be the one the claim
 * names exactly; when there is none and the options allow it, as a bare
 * `user:default/<fallbackName>`, but never under a name an entity already has.
 */
async function signInAsFound(
  lookup: Lookup,
  ctx: AuthResolverContext,
  options: ResolverOptions,
): Promise<BackstageSignInResult> {
  let entity: Entity;
  try {
    ({ entity } = await ctx.findCatalogUser(lookup.query));
  } catch (error) {
    if (
      !isNotFound(error) ||
      !options.dangerouslyAllowSignInWithoutUserInCatalog ||
      lookup.fallbackName === undefined
    ) {
      throw error;
    }
    return signInWithoutCatalogUser(lookup.fallbackName, lookup.claim, ctx);
  }
  const ref = stringifyEntityRef(entity);
  if (!lookup.matches(entity)) {
    throw refuse(
      `${lookup.claim} matches ${ref} only when case is ignored, and sign-in compares exactly`,
    );
  }
  const boundTo = entity.metadata.annotations?.[AWS_IDP_SUBJECT_ANNOTATION];
  if (boundTo !== undefined && boundTo !== lookup.subject) {
    throw refuse(
      `${lookup.claim} matches ${ref}, which belongs to another IdP subject (${AWS_IDP_SUBJECT_ANNOTATION})`,
    );
  }
  const { ownershipEntityRefs } = await ctx.resolveOwnershipEntityRefs(entity);
  return ctx.issueToken({ claims: { sub: ref, ent: ownershipEntityRefs } });
}

/** The IdP subject the ALB verified, as `aws-bridge.io/idp-subject` records it. */
const idpSubjectOf = (result: AwsAlbResult) =>
  awsIdpSubject({
    issuer: result.claims.iss as string,
    subject: result.claims.sub,
  });

async function signInWithoutCatalogUser(
  name: string,
  claim: string,
  ctx: AuthResolverContext,
): Promise<BackstageSignInResult> {
  const taken = await ctx.findCatalogUser({ entityRef: { name } }).then(
    found => found.entity,
    error => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (taken) {
    throw refuse(
      `${claim} matches no User entity, and ${stringifyEntityRef(taken)} is someone else's: ` +
        'dangerouslyAllowSignInWithoutUserInCatalog never signs in under a name the catalog has',
    );
  }
  const ref = stringifyEntityRef({ kind: 'User', name });
  return ctx.issueToken({ claims: { sub: ref, ent: [ref] } });
}

/** Signs in as the User entity named exactly `name` (the name resolvers' lookup). */
function signInByName(
  name: string,
  claim: string,
  info: SignInInfo<AwsAlbResult>,
  ctx: AuthResolverContext,
  options: ResolverOptions,
): Promise<BackstageSignInResult> {
  return signInAsFound(
    {
      query: { entityRef: { name } },
      matches: entity => entity.metadata.name === name,
      claim,
      subject: idpSubjectOf(info.result),
      fallbackName: name,
    },
    ctx,
    options,
  );
}

/** The entity's email as the catalog compares it: case does not tell mailboxes apart. */
const profileEmailOf = (entity: Entity) =>
  String(
    (entity.spec?.profile as { email?: unknown } | undefined)?.email ?? '',
  ).toLowerCase();

/**
 * Signs in as the User entity bound to the IdP subject the ALB verified (`iss` and `sub`, in
 * `aws-bridge.io/idp-subject`), when the catalog has one: the binding comes before any
 * resolver, because a subject is the one claim a person cannot choose or change. Undefined
 * when no entity carries it.
 */
export async function signInAsBoundSubject(
  result: AwsAlbResult,
  ctx: AuthResolverContext,
): Promise<BackstageSignInResult | undefined> {
  const subject = idpSubjectOf(result);
  try {
    return await signInAsFound(
      {
        query: { annotations: { [AWS_IDP_SUBJECT_ANNOTATION]: subject } },
        matches: entity =>
          entity.metadata.annotations?.[AWS_IDP_SUBJECT_ANNOTATION] === subject,
        claim: `The IdP subject ${result.claims.sub}`,
        subject,
      },
      ctx,
      {},
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The sign-in resolvers of the awsalb provider. Backstage's common resolvers are available
 * too; these take their names where they overlap, and read the claims the ALB verified.
 *
 * @public
 */
export namespace awsAlbSignInResolvers {
  /**
   * Finds the User entity whose `spec.profile.email` is the user's verified email. With
   * `dangerouslyAllowSignInWithoutUserInCatalog` (which needs `allowedDomains`), a person
   * the catalog does not have signs in as the local part of their email, unless an entity has
   * that name.
   */
  export const emailMatchingUserEntityProfileEmail =
    createSignInResolverFactory({
      optionsSchema: emailOptionsSchema,
      create(options: ResolverOptions = {}) {
        return async (info: SignInInfo<AwsAlbResult>, ctx) => {
          const email = requireEmail(info);
          checkDomain(email, options);
          return signInAsFound(
            {
              query: { filter: { kind: 'User', 'spec.profile.email': email } },
              matches: entity => profileEmailOf(entity) === email,
              claim: `The email ${email}`,
              subject: idpSubjectOf(info.result),
              fallbackName: options.dangerouslyAllowSignInWithoutUserInCatalog
                ? requireEntityName(localPart(email), `The email ${email}`)
                : undefined,
            },
            ctx,
            options,
          );
        };
      },
    });

  /**
   * Finds the User entity named after the local part of the user's verified email
   * (`jane@example.com`: `jane`), for emails in `allowedDomains` (required).
   */
  export const emailLocalPartMatchingUserEntityName =
    createSignInResolverFactory({
      optionsSchema: localPartOptionsSchema,
      create(options: ResolverOptions) {
        return async (info: SignInInfo<AwsAlbResult>, ctx) => {
          const email = requireEmail(info);
          checkDomain(email, options);
          const name = requireEntityName(
            localPart(email),
            `The local part of ${email}`,
          );
          return signInByName(name, `The email ${email}`, info, ctx, options);
        };
      },
    });

  /**
   * Finds the User entity named exactly as the username claim (`idp` or `usernameClaim`). A
   * username with a domain (Entra's `upn`, `jane@corp.example`) matches by its local part only
   * when its domain is in `allowedDomains`; otherwise it is refused.
   */
  export const usernameMatchingUserEntityName = createSignInResolverFactory({
    optionsSchema: usernameOptionsSchema,
    create(options: ResolverOptions = {}) {
      return async (info: SignInInfo<AwsAlbResult>, ctx) => {
        const { username } = info.result;
        if (!username) {
          throw refuse(
            "The ALB user claims have no username: set 'idp' or 'usernameClaim'",
          );
        }
        let name = username;
        if (username.includes('@')) {
          if (!options.allowedDomains) {
            throw refuse(
              `The username ${username} has a domain, which is dropped to name a User entity only ` +
                'for the domains in allowedDomains: set allowedDomains on usernameMatchingUserEntityName',
            );
          }
          checkDomain(username, options);
          name = localPart(username);
        }
        requireEntityName(name, `The username ${username}`);
        return signInByName(
          name,
          `The username ${username}`,
          info,
          ctx,
          options,
        );
      };
    },
  });
}
