/** What went wrong at sign-in, as the person signing in can act on it. */
export type SignInFailure =
  | { kind: 'no-alb-session'; missingHeaders: boolean }
  | { kind: 'no-catalog-user'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'unknown'; message: string };

type ErrorBody = {
  error?: { name?: string; message?: string; reason?: string };
  response?: { statusCode?: number };
};

/**
 * Sorts a failed `/api/auth/awsalb/refresh` by what the person can do about it. The backend's
 * 401s carry a `reason` (AwsAlbFailureReason); the ALB's own 401 has no JSON body; a fetch
 * that never got an answer (or whose redirect to the IdP the browser blocked) is a TypeError.
 */
export function classifySignInFailure(error: unknown): SignInFailure {
  const { name, message = String(error) } = (error ?? {}) as {
    name?: string;
    message?: string;
  };
  if (name === 'TypeError') {
    return { kind: 'unreachable', detail: message };
  }
  if (name !== 'ResponseError') return { kind: 'unknown', message };
  const { statusCode, body } = error as {
    statusCode: number;
    body?: ErrorBody;
  };
  const reason = body?.error?.reason;
  const serverMessage = body?.error?.message ?? message;
  if (statusCode === 401) {
    // Not in the catalog, and just-in-time provisioning (when on) did not admit them: either
    // way, what they can do is ask to be added or sign in as someone else.
    if (reason === 'user-not-found' || reason === 'not-provisioned') {
      return { kind: 'no-catalog-user', message: serverMessage };
    }
    if (reason === 'missing-header') {
      return { kind: 'no-alb-session', missingHeaders: true };
    }
    if (!reason) return { kind: 'no-alb-session', missingHeaders: false };
    return { kind: 'refused', message: serverMessage };
  }
  if (statusCode === 502 || statusCode === 503 || statusCode === 504) {
    return { kind: 'unreachable', detail: `HTTP ${statusCode}` };
  }
  return { kind: 'unknown', message: serverMessage };
}
