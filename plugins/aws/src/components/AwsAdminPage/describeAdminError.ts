import { AwsBackendUnreachableError } from '@aws-bridge/plugin-aws-common';
import { isError, ResponseError } from '@backstage/errors';

/** A section's failure as the admin sees it: what happened, and what to do about it. */
export type AdminErrorDescription = { title: string; message: string };

/**
 * Words for a failed admin API call. The backend enforces `aws.admin.read` on every call, and
 * `aws.admin.run` on those that run something now, so a 403 here means the policy refused even
 * though the page was shown. `verb` is what the call did: `read` (the default) for a section's
 * data, `run` for a check or a directory sync started from the page, where a 404 means the
 * backend knows no such sync and a 429 that the person started too many.
 */
export function describeAdminError(
  error: unknown,
  what: string,
  verb: 'read' | 'run' = 'read',
): AdminErrorDescription {
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const said = error.body?.error?.message ?? error.message;
    if (status === 403) {
      return {
        title: `Not allowed to ${verb} ${what}`,
        message: `The backend refused: ${said}. ${
          verb === 'read'
            ? 'Reading it needs the aws.admin.read permission'
            : 'Running it needs the aws.admin.run permission, beside aws.admin.read'
        }; ask whoever maintains your Backstage permission policy.`,
      };
    }
    if (status === 429) {
      return {
        title: `Could not ${verb} ${what}: too many checks and syncs for now`,
        message: `The backend answered 429: ${said}. What the page shows is the last result; reading it again is not limited.`,
      };
    }
    if (status === 401) {
      return {
        title: `Could not ${verb} ${what}: not signed in`,
        message: `The backend needs a signed-in user (${said}). Reload the page to sign in again.`,
      };
    }
    if (status === 404 && verb === 'run') {
      return {
        title: `Could not ${verb} ${what}: the backend does not know it`,
        message: `The backend answered 404: ${said}. Its config may have changed since this page read it: read the syncs again.`,
      };
    }
    if (status === 404) {
      return {
        title: `Could not read ${what}: the admin API is missing`,
        message: `The backend has no /api/aws/admin here (${said}). Install @aws-bridge/plugin-aws-backend in the backend, at a version with the admin API.`,
      };
    }
    return {
      title: `Could not ${verb} ${what}`,
      message: `The backend answered ${status}: ${said}. Try again; if it persists, the backend's logs say more.`,
    };
  }
  if (error instanceof AwsBackendUnreachableError) {
    return {
      title: `Could not ${verb} ${what}: the backend did not answer`,
      message: `${error.message}. Check that the Backstage backend is running, then try again.`,
    };
  }
  return {
    title: `Could not ${verb} ${what}`,
    message: isError(error) ? error.message : String(error),
  };
}
