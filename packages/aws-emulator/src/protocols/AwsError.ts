/**
 * An error the emulator answers with. `code` is AWS's error code for the service that was
 * called; each protocol renders it in its own wire format (see ./render.ts). `fields` are the
 * extra members some services' errors carry (Identity Store's `ResourceType` and
 * `ResourceId`, Cognito's `reasonCode`); only the JSON protocol sends them.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * The authentication failures, which AWS names differently per protocol family: query
 * services (STS, IAM) and S3 use one set of codes, JSON and API Gateway style services
 * another. The status differs too: JSON-protocol services answer 400, the rest 403.
 */
export type AuthFailure =
  | 'missingAuthentication'
  | 'badSignature'
  | 'unknownKey'
  | 'expiredToken'
  | 'clockSkew'
  | 'presignedExpired'
  | 'contentHashMismatch'
  | 'incompleteSignature';
