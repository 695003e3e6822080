import { Progress } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { SectionError } from './SectionError';

/**
 * A section's data as it loads: its failure with "Try again", progress, or `children` given
 * the data. Each section loads and fails on its own, so one failing leaves the others showing.
 */
export function SectionLoad<T>(props: {
  /** A `useAsyncRetry` state. */
  loaded: { error?: Error; value?: T; retry: () => void };
  /** What the section reads, for the error: `the proxy routes`. */
  what: string;
  children: (value: T) => ReactNode;
}) {
  const { loaded } = props;
  if (loaded.error) {
    return (
      <SectionError
        error={loaded.error}
        what={props.what}
        onRetry={loaded.retry}
      />
    );
  }
  if (!loaded.value) return <Progress />;
  return <>{props.children(loaded.value)}</>;
}
