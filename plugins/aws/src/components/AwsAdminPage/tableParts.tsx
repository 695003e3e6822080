import type { TableOptions } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/** A secondary line under a cell's main text. */
export function Caption(props: { children: ReactNode }) {
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      {props.children}
    </Typography>
  );
}

/**
 * A cell's main text with a caption under it (a route and its config key, a source and where
 * it is). `breakAll` lets long ARNs, URLs and IDs wrap inside a narrow column.
 */
export function TextWithCaption(props: {
  text: ReactNode;
  caption: ReactNode;
  breakAll?: boolean;
}) {
  return (
    <>
      <Typography
        variant="body2"
        style={props.breakAll ? { wordBreak: 'break-all' } : undefined}
      >
        {props.text}
      </Typography>
      <Caption>{props.caption}</Caption>
    </>
  );
}

/**
 * The admin tables' options: filter, dense rows, and pages of 20 once there are more, so that
 * 100+ routes or accounts stay usable.
 */
export function adminTableOptions(rowCount: number): TableOptions {
  return {
    search: true,
    paging: rowCount > 20,
    pageSize: 20,
    pageSizeOptions: [20, 50, 100],
    padding: 'dense',
  };
}

/** A column filter that matches the row's state and reasons, not only the shown field. */
export function matchesText(
  term: unknown,
  ...texts: Array<string | undefined>
) {
  return texts
    .join(' ')
    .toLocaleLowerCase('en-US')
    .includes(String(term).toLocaleLowerCase('en-US'));
}
