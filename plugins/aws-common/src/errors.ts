/**
 * Why an entity's AWS annotations could not be read.
 *
 * @public
 */
export type AwsAnnotationErrorCode =
  | 'MissingAccountId'
  | 'InvalidAccountId'
  | 'InvalidRegion'
  | 'InvalidResourceTags';

/**
 * An entity's AWS annotations are missing or malformed. `code` says which rule failed and
 * `annotation` names the annotation, so callers branch on the type, not the message text.
 *
 * @public
 */
export class AwsAnnotationError extends Error {
  readonly name = 'AwsAnnotationError';

  constructor(
    readonly code: AwsAnnotationErrorCode,
    readonly annotation: string,
    message: string,
  ) {
    super(message);
  }
}
