import type { Entity } from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  AWS_RESOURCE_TAGS_ANNOTATION,
} from './annotations';
import { AwsAnnotationError } from './errors';
import { isAwsAccountId, isAwsRegion } from './awsNames';

/**
 * The AWS location of an entity, as its annotations describe it.
 *
 * @public
 */
export interface AwsEntityAnnotations {
  /** The 12-digit AWS account ID. */
  accountId: string;
  /** The first region the entity names: its default region. */
  region?: string;
  /**
   * Every region the entity names, in the order written, without repeats; empty when it
   * names none. The entity card searches each.
   */
  regions: string[];
  /** Tags that mark the entity's resources, in the order written; empty when none. */
  resourceTags: Record<string, string>;
}

/**
 * The outcome of {@link parseAwsAnnotations}: the annotations, or the first error found.
 *
 * @public
 */
export type AwsAnnotationsResult =
  | { ok: true; value: AwsEntityAnnotations }
  | { ok: false; error: AwsAnnotationError };

// AWS's limits on tag keys and values.
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

/**
 * Reports whether an entity carries the account annotation the AWS card needs.
 *
 * @public
 */
export function isAwsAnnotated(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[AWS_ACCOUNT_ID_ANNOTATION]);
}

/**
 * Reads an entity's `aws-bridge.io/*` annotations into a typed result. Never throws: a missing
 * or malformed annotation is returned as an {@link AwsAnnotationError}.
 *
 * @public
 */
export function parseAwsAnnotations(entity: Entity): AwsAnnotationsResult {
  const annotations = entity.metadata.annotations ?? {};
  try {
    const accountId = parseAccountId(annotations[AWS_ACCOUNT_ID_ANNOTATION]);
    const regions = parseRegions(annotations[AWS_REGION_ANNOTATION]);
    return {
      ok: true,
      value: {
        accountId,
        region: regions[0],
        regions,
        resourceTags: parseResourceTags(
          annotations[AWS_RESOURCE_TAGS_ANNOTATION],
        ),
      },
    };
  } catch (error) {
    if (error instanceof AwsAnnotationError) {
      return { ok: false, error };
    }
    throw error;
  }
}

function parseAccountId(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') {
    throw new AwsAnnotationError(
      'MissingAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      `The entity has no ${AWS_ACCOUNT_ID_ANNOTATION} annotation`,
    );
  }
  const accountId = raw.trim();
  if (!isAwsAccountId(accountId)) {
    throw new AwsAnnotationError(
      'InvalidAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      `${AWS_ACCOUNT_ID_ANNOTATION} must be a 12-digit AWS account ID, got '${accountId}'`,
    );
  }
  return accountId;
}

// `us-east-1` or `us-east-1, eu-west-1`: an entity whose resources span regions lists each.
function parseRegions(raw: string | undefined): string[] {
  if (raw === undefined) {
    return [];
  }
  const regions = new Set<string>();
  for (const part of raw.split(',')) {
    const region = part.trim();
    if (!isAwsRegion(region)) {
      throw new AwsAnnotationError(
        'InvalidRegion',
        AWS_REGION_ANNOTATION,
        `${AWS_REGION_ANNOTATION} must be an AWS region such as 'us-east-1', or several separated by commas, got '${region}'`,
      );
    }
    regions.add(region);
  }
  return [...regions];
}

function parseResourceTags(raw: string | undefined): Record<string, string> {
  // A Map, then Object.fromEntries, so a key such as '__proto__' is kept as data.
  const tags = new Map<string, string>();
  if (raw === undefined || raw.trim() === '') {
    return {};
  }
  const invalid = (reason: string) =>
    new AwsAnnotationError(
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      `${AWS_RESOURCE_TAGS_ANNOTATION} must be written 'key=value,key2=value2': ${reason}`,
    );

  for (const pair of raw.split(',')) {
    // Values may contain '=' (AWS allows it), so only the first one separates key from value.
    const separator = pair.indexOf('=');
    if (separator === -1) {
      throw invalid(`'${pair.trim()}' has no '='`);
    }
    const key = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (key === '') {
      throw invalid(`'${pair.trim()}' has an empty key`);
    }
    if (key.length > MAX_TAG_KEY_LENGTH) {
      throw invalid(
        `tag key '${key.slice(0, 20)}…' is over ${MAX_TAG_KEY_LENGTH} characters`,
      );
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw invalid(
        `the value of '${key}' is over ${MAX_TAG_VALUE_LENGTH} characters`,
      );
    }
    if (tags.has(key)) {
      throw invalid(`tag key '${key}' appears twice`);
    }
    tags.set(key, value);
  }
  return Object.fromEntries(tags);
}
