import { AWS_CLAIMS_DIGEST_ANNOTATION } from '@aws-bridge/plugin-aws-common';
import {
  awsIdpSubject,
  AwsJitUser,
  awsJitUserDigest,
  AwsUserProvisioningService,
  isAwsJitUserEntityFor,
} from '@aws-bridge/plugin-aws-node';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  AuthResolverContext,
  BackstageSignInResult,
} from '@backstage/plugin-auth-node';
import { CONFIG_ROOT } from '../configReaders';
import { AwsAlbAuthError } from '../errors';
import { emailDomain, localPart } from '../profile';
import type { AwsAlbResult } from '../types';
import { JitClaimStore } from './JitClaimStore';
import type { ProvisioningOptions } from './readProvisioningConfig';

const KEY = `${CONFIG_ROOT}.provisioning`;

/** The IdP subject the ALB verified: who a provisioned entity belongs to. */
function idpOf(result: AwsAlbResult): Pick<AwsJitUser, 'issuer' | 'subject'> {
  return { issuer: result.claims.iss as string, subject: result.claims.sub };
}

/**
 * Just-in-time provisioning: a person the catalog does not have becomes a User entity from
 * their verified claims (if the allowlist admits them), and signs in as it at once; later
 * sign-ins update the entity when the claims changed. It only ever writes entities it made for
 * the same IdP subject: a username that names someone else's entity is refused.
 */
export class JitProvisioning {
  #claims?: Promise<JitClaimStore>;

  constructor(
    private readonly options: ProvisioningOptions,
    private readonly service: AwsUserProvisioningService,
    private readonly database: DatabaseService,
    private readonly logger: LoggerService,
  ) {}

  /** The claims store, made (and its table migrated) on first use; a failure is retried. */
  private claims(): Promise<JitClaimStore> {
    if (!this.#claims) {
      this.#claims = JitClaimStore.create(this.database);
      this.#claims.catch(() => (this.#claims = undefined));
    }
    return this.#claims;
  }

  /** Claims the person's name and email for their subject; a 401 when either is another's. */
  private async claimFor(person: AwsJitUser, who: string): Promise<void> {
    const taken = await (
      await this.claims()
    ).claim(awsIdpSubject(person), person);
    if (taken) {
      const what = taken === 'name' ? 'that name' : `the email ${person.email}`;
      throw new AwsAlbAuthError(
        'not-provisioned',
        `${who} cannot be provisioned as user:default/${person.name}: ${what} already belongs ` +
          'to another person provisioned at sign-in (another IdP subject); an admin decides who is who',
      );
    }
  }

  /**
   * The person as the claims describe them, or a 401 saying why they cannot be provisioned.
   * `name` is the entity's name when it exists already (it keeps the name it was given).
   */
  personFrom(result: AwsAlbResult, name?: string): AwsJitUser {
    const who = result.email ?? result.username ?? result.claims.sub;
    const groups = this.groupsOf(result, who);
    const { allowedEmailDomains, allowedGroups } = this.options;
    if (allowedEmailDomains) {
      const domain = result.email && emailDomain(result.email);
      if (!domain || !allowedEmailDomains.includes(domain)) {
        const why = domain
          ? `the email domain ${domain} is not one of ${KEY}.allowedEmailDomains`
          : `the claims have no email, and ${KEY}.allowedEmailDomains requires one`;
        throw new AwsAlbAuthError(
          'not-provisioned',
          `${who} is not in the catalog and cannot be added: ${why}`,
        );
      }
    }
    if (allowedGroups && !groups.some(group => allowedGroups.includes(group))) {
      throw new AwsAlbAuthError(
        'not-provisioned',
        `${who} is not in the catalog and cannot be added: none of their groups ` +
          `(${groups.join(', ') || 'none'}) is one of ${KEY}.allowedGroups`,
      );
    }
    return {
      name: name ?? this.nameFor(result, who),
      displayName: result.fullProfile.displayName || undefined,
      email: result.email,
      picture: result.fullProfile.photos?.[0]?.value,
      groups: [
        ...new Set(
          groups.flatMap(group => this.options.groupRefs.get(group) ?? []),
        ),
      ].sort(),
      ...idpOf(result),
    };
  }

  /**
   * The User entity name: the username claim (else the email) as it is. An email-like one
   * loses its domain only when the domain is one of `allowedEmailDomains`, whose local parts
   * the adopter says name one person each; nothing else is rewritten to make a name, so two
   * claims never become one entity by normalisation.
   */
  private nameFor(result: AwsAlbResult, who: string): string {
    const claimed = result.username ?? result.email;
    const refuse = (why: string) =>
      new AwsAlbAuthError('not-provisioned', `Cannot provision ${who}: ${why}`);
    if (!claimed) {
      throw refuse(
        'the claims have no username or email to name a User entity after',
      );
    }
    let name = claimed;
    if (claimed.includes('@')) {
      const domain = emailDomain(claimed).toLowerCase();
      if (!this.options.allowedEmailDomains?.includes(domain)) {
        throw refuse(
          `the name ${claimed} has a domain, which is dropped to name a User entity only for the domains in ${KEY}.allowedEmailDomains`,
        );
      }
      name = localPart(claimed);
    }
    if (!KubernetesValidatorFunctions.isValidObjectName(name)) {
      throw refuse(
        `${name} is not a User entity name as it is, and sign-in does not rewrite names to make one (set ${CONFIG_ROOT}.usernameClaim to a claim that holds one)`,
      );
    }
    return name;
  }

  /**
   * The person's IdP groups, exactly as the first groups claim present lists them. The claim
   * must be a list of names, and no longer than `maxGroups`: a plain string is not read as a
   * list of one, and a flood of groups is refused rather than cut at some arbitrary entry.
   */
  private groupsOf(result: AwsAlbResult, who: string): string[] {
    const { groupsFrom, groupsClaim: claim } = this.options;
    const source: Record<string, unknown> =
      groupsFrom === 'accessToken'
        ? (result.accessTokenClaims ?? {})
        : result.claims;
    const value = source[claim];
    if (value === undefined) return [];
    if (
      !Array.isArray(value) ||
      !value.every(group => typeof group === 'string')
    ) {
      throw new AwsAlbAuthError(
        'not-provisioned',
        `${who} cannot be provisioned: the ${claim} claim is not a list of group names`,
      );
    }
    if (value.length > this.options.maxGroups) {
      throw new AwsAlbAuthError(
        'not-provisioned',
        `${who} cannot be provisioned: the ${claim} claim lists ${value.length} groups, more than ${KEY}.maxGroups (${this.options.maxGroups})`,
      );
    }
    return value;
  }

  /**
   * Provisions a person no resolver found and signs them in as the new entity. The token names
   * their groups itself: the catalog processes the entity in the background, and sign-in does
   * not wait for it.
   */
  async signInNewUser(
    result: AwsAlbResult,
    ctx: AuthResolverContext,
  ): Promise<BackstageSignInResult> {
    const person = this.personFrom(result);
    const existing = await this.findEntity(ctx, person.name);
    if (existing && !isAwsJitUserEntityFor(existing, person)) {
      throw new AwsAlbAuthError(
        'not-provisioned',
        `${result.email ?? person.name} cannot be provisioned as user:default/${person.name}: ` +
          'a User entity of that name already exists and was not provisioned for this sign-in ' +
          `(check the sign-in resolvers in ${CONFIG_ROOT}.signIn, which did not match it)`,
      );
    }
    await this.claimFor(person, result.email ?? person.name);
    await this.service.provisionJitUser(person);
    this.logger.info(`Provisioned user:default/${person.name} at sign-in`);
    const userRef = stringifyEntityRef({ kind: 'User', name: person.name });
    return ctx.issueToken({
      claims: {
        sub: userRef,
        ent: [userRef, ...person.groups],
      },
    });
  }

  /**
   * After a resolver signed a person in: if their entity is one sign-in provisioned for them,
   * checks they are still allowed, and updates it when their claims changed. An update that
   * fails is logged; the sign-in stands.
   */
  async refreshExistingUser(
    userEntityRef: string,
    result: AwsAlbResult,
    ctx: AuthResolverContext,
  ): Promise<void> {
    const { name } = parseEntityRef(userEntityRef);
    const entity = await this.findEntity(ctx, name);
    if (!isAwsJitUserEntityFor(entity, idpOf(result))) return;
    // Their access came from the allowlist: leaving it ends it.
    const person = this.personFrom(result, name);
    if (
      entity.metadata.annotations?.[AWS_CLAIMS_DIGEST_ANNOTATION] ===
      awsJitUserDigest(person)
    ) {
      return;
    }
    try {
      await this.claimFor(person, userEntityRef);
      await this.service.provisionJitUser(person);
      this.logger.info(`Updated ${userEntityRef} from its sign-in claims`);
    } catch (error) {
      this.logger.warn(
        `Could not update ${userEntityRef} from its sign-in claims: ${error}`,
      );
    }
  }

  private async findEntity(
    ctx: AuthResolverContext,
    name: string,
  ): Promise<Entity | undefined> {
    try {
      return (await ctx.findCatalogUser({ entityRef: { name } })).entity;
    } catch (error) {
      if ((error as Error)?.name === 'NotFoundError') return undefined;
      throw error;
    }
  }
}
