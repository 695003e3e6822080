import {
  awsAdminReadPermission,
  awsAdminRunPermission,
} from '@aws-bridge/plugin-aws-common';
import { usePermission } from '@backstage/plugin-permission-react';
import type { ReactNode } from 'react';

/**
 * Shows its children only to users the permission policy lets read the AWS admin API
 * (`aws.admin.read`), and `fallback` (nothing by default) to the others. For the page and its
 * nav item; the backend enforces the same permission on every admin call.
 *
 * @public
 */
export function RequireAwsAdmin(props: {
  children: ReactNode;
  /** What a user without the permission sees; nothing by default. */
  fallback?: ReactNode;
  /** What shows while the permission is being asked; nothing by default. */
  loading?: ReactNode;
}): JSX.Element | null {
  const { loading, allowed } = usePermission({
    permission: awsAdminReadPermission,
  });
  if (loading) return <>{props.loading ?? null}</>;
  return <>{allowed ? props.children : (props.fallback ?? null)}</>;
}

/** What a button of an action the user may not start says instead of what it does. */
export const RUN_NOT_ALLOWED =
  'Starting checks and syncs needs the aws.admin.run permission';

/**
 * Whether the user may start the page's costly actions: fresh checks of routes and accounts,
 * and "Sync now" (`aws.admin.run`). Only for the buttons: the backend enforces it.
 */
export function useMayRunAwsAdminActions(): boolean {
  return usePermission({ permission: awsAdminRunPermission }).allowed;
}
