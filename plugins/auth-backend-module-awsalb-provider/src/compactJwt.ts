/**
 * Three base64url segments, as a compact JWS. The ALB pads each segment with `=`, which most
 * JWT libraries refuse; the signature covers the segments exactly as sent, padding included,
 * so padding is accepted here and kept.
 */
const COMPACT_JWT =
  /^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}$/;

/** True when `token` has the shape of a compact JWT, padded or not. */
export function isCompactJwt(token: string): boolean {
  return COMPACT_JWT.test(token);
}
