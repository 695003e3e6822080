import {
  AWS_CLAIMS_DIGEST_ANNOTATION,
  awsEntityNameFor,
} from '@aws-bridge/plugin-aws-common';
import {
  AwsJitUser,
  awsJitUserDigest,
  AwsUserProvisioningService,
  isAwsJitUserEntityFor,
} from '@aws-bridge/plugin-aws-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  AuthResolverContext,
  BackstageSignInResult,
} from '@backstage/plugin-auth-node';
import { CONFIG_ROOT } from '../configReaders';
import { AwsAlbAuthError } from '../errors';
import { emailDomain } from '../profile';
import type { AwsAlbResult } from '../types';
import type { ProvisioningOptions } from './readProvisioningConfig';

const KEY = `${CONFIG_ROOT}.provisioning`;

/** The string items of a claim that holds a list (or one string). */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    return value.filter((item): item is string => typeof item === 'string');
  }
  return undefined;
}

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
  constructor(
    private readonly options: ProvisioningOptions,
    private readonly service: AwsUserProvisioningService,
    private readonly logger: LoggerService,
  ) {}

  /** The person as the claims describe them, or a 401 saying why they cannot be provisioned. */
  personFrom(result: AwsAlbResult): AwsJitUser {
    const who = result.email ?? result.username ?? result.claims.sub;
    const name = awsEntityNameFor(result.username ?? result.email ?? '');
    if (!name) {
      throw new AwsAlbAuthError(
        'not-provisioned',
        `Cannot provision ${who}: the claims have no username or email to name a User entity after`,
      );
    }
    let groups: string[] = [];
    for (const claim of this.options.groupsClaims) {
      const list = stringList(result.claims[claim]);
      if (list) {
        groups = list;
        break;
      }
    }
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
      name,
      displayName: result.fullProfile.displayName || undefined,
      email: result.email,
      picture: result.fullProfile.photos?.[0]?.value,
      groups: groups
        .map(group => awsEntityNameFor(group))
        .filter((group): group is string => group !== undefined)
        .sort(),
      ...idpOf(result),
    };
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
    await this.service.provisionJitUser(person);
    this.logger.info(`Provisioned user:default/${person.name} at sign-in`);
    const userRef = stringifyEntityRef({ kind: 'User', name: person.name });
    return ctx.issueToken({
      claims: {
        sub: userRef,
        ent: [
          userRef,
          ...person.groups.map(group =>
            stringifyEntityRef({ kind: 'Group', name: group }),
          ),
        ],
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
    const person = { ...this.personFrom(result), name };
    if (
      entity.metadata.annotations?.[AWS_CLAIMS_DIGEST_ANNOTATION] ===
      awsJitUserDigest(person)
    ) {
      return;
    }
    try {
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
