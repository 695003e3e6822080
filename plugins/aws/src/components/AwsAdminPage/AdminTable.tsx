import { Table, TableColumn } from '@backstage/core-components';
import RefreshIcon from '@material-ui/icons/Refresh';
import type { ReactNode } from 'react';
import { adminTableOptions } from './tableParts';

/**
 * A section's table as every admin section shows it: filter, dense rows, pages once it is long
 * (see {@link adminTableOptions}), and a refresh button in its toolbar.
 */
export function AdminTable<TRow extends object>(props: {
  title: string;
  subtitle: string;
  rows: TRow[];
  columns: TableColumn<TRow>[];
  /** The refresh button's tooltip: what it reads or checks again. */
  refreshTooltip: string;
  onRefresh: () => void;
  /** Greys the refresh button out (an action the user may not start). */
  refreshDisabled?: boolean;
  isLoading?: boolean;
  emptyContent?: ReactNode;
}) {
  return (
    <Table<TRow>
      title={props.title}
      subtitle={props.subtitle}
      data={props.rows}
      columns={props.columns}
      isLoading={props.isLoading}
      options={adminTableOptions(props.rows.length)}
      emptyContent={props.emptyContent}
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: props.refreshTooltip,
          isFreeAction: true,
          disabled: props.refreshDisabled,
          onClick: () => props.onRefresh(),
        },
      ]}
    />
  );
}
