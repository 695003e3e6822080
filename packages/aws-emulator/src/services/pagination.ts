import { AwsError } from '../protocols/AwsError';

// Shared by the list operations: opaque pagination tokens (a base64url offset, so callers
// cannot build one by hand) and the validation messages AWS's front end words its
// constraint failures with.

export function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** The offset a token stands for; undefined when it is not one the emulator issued. */
export function decodeToken(token: string): number | undefined {
  const match = /^offset:(\d{1,9})$/.exec(
    Buffer.from(token, 'base64url').toString('utf8'),
  );
  return match ? Number(match[1]) : undefined;
}

/** `1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: ...` */
export function constraintMessage(
  value: unknown,
  member: string,
  constraint: string,
): string {
  const shown = value === undefined || value === null ? 'null' : `'${value}'`;
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: Member must ${constraint}`;
}

/**
 * A required string member matching `pattern`, or the service's validation error (`invalid`
 * makes it: `InvalidParameterException` for Cognito, `ValidationException` for Identity Store)
 * in AWS's words.
 */
export function requiredString(
  value: unknown,
  member: string,
  pattern: RegExp,
  invalid: (message: string) => Error,
): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(constraintMessage(undefined, member, 'not be null'));
  }
  if (!pattern.test(value)) {
    throw invalid(
      constraintMessage(
        value,
        member,
        `satisfy regular expression pattern: ${pattern.source}`,
      ),
    );
  }
  return value;
}

export interface PageRequest {
  /** The page size the caller asked for (`Limit`, `MaxResults`), not yet checked. */
  size: unknown;
  /** Its name in validation messages, in lower camel case (`limit`, `maxResults`). */
  sizeMember: string;
  max: number;
  defaultSize: number;
  token: unknown;
  /** Answers a bad size or token in the service's own error code. */
  invalid: (message: string) => AwsError;
}

/** One page of `items`, and the token for the next one (undefined on the last page). */
export function pageOf<T>(
  items: T[],
  request: PageRequest,
): { page: T[]; next: string | undefined } {
  const { sizeMember, max, token } = request;
  const size = request.size ?? request.defaultSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw request.invalid(
      constraintMessage(
        size,
        sizeMember,
        'have value greater than or equal to 1',
      ),
    );
  }
  if (size > max) {
    throw request.invalid(
      constraintMessage(
        size,
        sizeMember,
        `have value less than or equal to ${max}`,
      ),
    );
  }
  let offset = 0;
  if (token !== undefined && token !== null) {
    const decoded = typeof token === 'string' ? decodeToken(token) : undefined;
    if (decoded === undefined || decoded > items.length) {
      throw request.invalid('The pagination token is not valid.');
    }
    offset = decoded;
  }
  const end = offset + size;
  return {
    page: items.slice(offset, end),
    next: end < items.length ? encodeToken(end) : undefined,
  };
}
