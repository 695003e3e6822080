/**
 * Whether a string is an AWS account ID: exactly 12 digits, leading zeros included.
 *
 * @public
 */
export function isAwsAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
