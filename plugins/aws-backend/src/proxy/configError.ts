import { InputError } from '@backstage/errors';

/** A mistake in `aws.proxy` or `proxysigv4`, naming the key: it stops the backend at startup. */
export function configError(key: string, message: string): InputError {
  return new InputError(`Invalid AWS proxy config at ${key}: ${message}`);
}
