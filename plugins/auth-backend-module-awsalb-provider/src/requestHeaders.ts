import { AwsAlbAuthError } from './errors';

/**
 * The one value of a header the ALB sets. Read from the raw header list, because Node joins
 * repeated headers with a comma, which would hide a second, client-supplied copy: the ALB
 * replaces its headers, so two copies mean something else added one.
 */
export function readSingleHeader(
  rawHeaders: string[],
  name: string,
  maxBytes: number,
): string {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) values.push(rawHeaders[i + 1]);
  }
  if (values.length === 0 || values[0].trim() === '') {
    throw new AwsAlbAuthError(
      'missing-header',
      `Missing ALB header ${name}: is the request coming through an ALB listener rule with an authenticate action?`,
    );
  }
  if (values.length > 1) {
    throw new AwsAlbAuthError(
      'duplicate-header',
      `The ALB header ${name} was sent ${values.length} times; the ALB sends it once`,
    );
  }
  const bytes = Buffer.byteLength(values[0]);
  if (bytes > maxBytes) {
    throw new AwsAlbAuthError(
      'header-too-long',
      `The ALB header ${name} is ${bytes} bytes, more than the ${maxBytes} allowed (maxHeaderBytes)`,
    );
  }
  return values[0].trim();
}
