import { AwsAdminClient } from '@aws-bridge/plugin-aws-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import type { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { awsAdminApiRef } from '../api';
import {
  FakeAdminBackend,
  fakeAdminBackend,
  FakeAdminOptions,
} from './fakeAdminApi';

/**
 * The fake backend's options, whether the permission policy grants `aws.admin.read`
 * (`allowed`), and whether it grants `aws.admin.run` (`mayRun`).
 */
export type FakeAdminPageOptions = FakeAdminOptions & {
  allowed?: boolean;
  mayRun?: boolean;
};

/**
 * What the admin page needs, for a test or a story: the real AwsAdminClient on the fake
 * backend (returned too, for its `calls`), and a permission policy that allows unless
 * `allowed` (or, for aws.admin.run, `mayRun`) is false.
 */
export function fakeAdminPageApis(options: FakeAdminPageOptions = {}): {
  backend: FakeAdminBackend;
  apis: [
    [typeof awsAdminApiRef, AwsAdminClient],
    [typeof permissionApiRef, ReturnType<typeof mockApis.permission>],
  ];
} {
  const backend = fakeAdminBackend(options);
  return {
    backend,
    apis: [
      [awsAdminApiRef, new AwsAdminClient(backend)],
      [
        permissionApiRef,
        mockApis.permission({
          authorize: request => {
            const granted =
              request.permission.name === 'aws.admin.run'
                ? options.allowed !== false && options.mayRun !== false
                : options.allowed !== false;
            return granted ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
          },
        }),
      ],
    ],
  };
}

/**
 * usePermission caches decisions in SWR's global cache; each test or story gets its own, so
 * one's decision does not leak into the next.
 */
export function FreshPermissionCache(props: { children: ReactNode }) {
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      {props.children}
    </SWRConfig>
  );
}
