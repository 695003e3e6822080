import { AwsError } from '../protocols/AwsError';

/** An error {@link Faults} answers a request with, as `AwsEmulator.failNext` takes it. */
export interface InjectedError {
  /** AWS's error code, e.g. `TooManyRequestsException`. */
  code: string;
  /** The HTTP status, 400 to 599. */
  status: number;
  message: string;
}

/**
 * Errors queued by tests, per API (`cognito-idp:ListUsersInGroup`): the next requests to that
 * API get them instead of an answer, so callers' retry and failure paths can be tested.
 */
export class Faults {
  private readonly pending = new Map<string, InjectedError[]>();

  add(api: string, error: InjectedError, times: number) {
    if (!/^[\w-]+:\w+$/.test(api)) {
      throw new Error(
        `failNext: api must be <service>:<Operation>, like cognito-idp:ListUsers; got ${api}`,
      );
    }
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(
        `failNext: times must be a positive integer, got ${times}`,
      );
    }
    if (
      !Number.isInteger(error.status) ||
      error.status < 400 ||
      error.status > 599
    ) {
      throw new Error(
        `failNext: status must be 400 to 599, got ${error.status}`,
      );
    }
    const queue = this.pending.get(api) ?? [];
    for (let i = 0; i < times; i++) queue.push({ ...error });
    this.pending.set(api, queue);
  }

  /** The error to answer this request to `api` with, if one is queued; it is used up. */
  take(api: string): AwsError | undefined {
    const queue = this.pending.get(api);
    const next = queue?.shift();
    if (queue?.length === 0) this.pending.delete(api);
    return next && new AwsError(next.code, next.status, next.message);
  }
}
