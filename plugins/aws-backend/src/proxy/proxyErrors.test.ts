import * as errors from '@backstage/errors';
import {
  badGateway,
  bodiesFull,
  gatewayTimeout,
  payloadTooLarge,
  requestTimeout,
  statusOf,
} from './proxyErrors';

// The same statuses as Backstage's own error handler (getStatusCode in
// @backstage/backend-defaults' MiddlewareFactory).
describe('statusOf', () => {
  it.each([
    [new errors.NotModifiedError('x'), 304],
    [new errors.InputError('x'), 400],
    [new errors.AuthenticationError('x'), 401],
    [new errors.NotAllowedError('x'), 403],
    [new errors.NotFoundError('x'), 404],
    [new errors.ConflictError('x'), 409],
    [new errors.NotImplementedError('x'), 501],
    [new errors.ServiceUnavailableError('x'), 503],
    [new Error('x'), 500],
    [new TypeError('x'), 500],
  ])('answers %p with %p', (error, status) => {
    expect(statusOf(error)).toBe(status);
  });

  it.each([
    [payloadTooLarge(1), 413],
    [requestTimeout(1), 408],
    [bodiesFull(1), 503],
    [badGateway('x'), 502],
    [gatewayTimeout('x'), 504],
  ])('answers the proxy error %p with its own status %p', (error, status) => {
    expect(statusOf(error)).toBe(status);
  });

  it('takes a status the error carries first, statusCode before status', () => {
    const carrying = (fields: object) =>
      Object.assign(new errors.InputError('x'), fields);
    expect(statusOf(carrying({ statusCode: 429 }))).toBe(429);
    expect(statusOf(carrying({ status: 422 }))).toBe(422);
    expect(statusOf(carrying({ statusCode: 429, status: 422 }))).toBe(429);
  });

  it.each([[99], [600], [404.5], ['404'], [NaN]])(
    'ignores a carried status that is not an HTTP status (%p)',
    status => {
      expect(
        statusOf(Object.assign(new errors.NotFoundError('x'), { status })),
      ).toBe(404);
    },
  );
});
