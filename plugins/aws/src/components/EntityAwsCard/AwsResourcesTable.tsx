import {
  CopyTextButton,
  Link,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import { awsTranslationRef } from '../../translation';
import type { ResourceRow } from './resourceRows';

const useStyles = makeStyles(theme => ({
  arn: {
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
    // One line: the full ARN is in the tooltip and the copy button.
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    minWidth: 0,
  },
  name: { wordBreak: 'break-word' },
  console: { display: 'inline-flex', alignItems: 'center', gap: 4 },
}));

function ArnLine(props: { arn: string }) {
  const classes = useStyles();
  const { t } = useTranslationRef(awsTranslationRef);
  return (
    <Box display="flex" alignItems="center" minWidth={0}>
      <span className={classes.arn} title={props.arn}>
        {props.arn}
      </span>
      <CopyTextButton
        text={props.arn}
        tooltipText={t('entityCard.table.arnCopied')}
        aria-label={t('entityCard.table.copyArn')}
        variant="tertiary"
      />
    </Box>
  );
}

/** The entity's resources: filterable, sortable, paged when there are many. */
export function AwsResourcesTable(props: {
  rows: ResourceRow[];
  title: string;
}) {
  const classes = useStyles();
  const { t } = useTranslationRef(awsTranslationRef);
  const columns: TableColumn<ResourceRow>[] = [
    {
      title: t('entityCard.table.name'),
      field: 'name',
      highlight: true,
      width: '55%',
      cellStyle: { maxWidth: 0 },
      render: row => (
        <>
          <Typography variant="body2" className={classes.name}>
            {row.name}
          </Typography>
          <ArnLine arn={row.arn} />
        </>
      ),
      // Filtering by name also finds ARNs: the search box matches this field's text.
      customFilterAndSearch: (query: string, row) =>
        `${row.name} ${row.arn}`.toLowerCase().includes(query.toLowerCase()),
    },
    { title: t('entityCard.table.type'), field: 'typeLabel', width: '20%' },
    {
      title: t('entityCard.table.region'),
      field: 'region',
      width: '12%',
      render: row => row.region || t('entityCard.table.global'),
    },
    {
      title: t('entityCard.table.console'),
      field: 'consoleLink',
      width: '13%',
      sorting: false,
      searchable: false,
      render: row =>
        row.consoleLink ? (
          <Link
            to={row.consoleLink}
            className={classes.console}
            aria-label={`${t('entityCard.table.open')} ${row.name}`}
          >
            {t('entityCard.table.open')}
            <OpenInNew fontSize="inherit" />
          </Link>
        ) : (
          <Typography variant="caption" color="textSecondary">
            {t('entityCard.table.noConsolePage')}
          </Typography>
        ),
    },
  ];
  const paged = props.rows.length > 10;
  return (
    <Table<ResourceRow>
      title={props.title}
      columns={columns}
      data={props.rows}
      options={{
        padding: 'dense',
        search: true,
        paging: paged,
        pageSize: 10,
        pageSizeOptions: [10, 25, 100],
        emptyRowsWhenPaging: false,
      }}
      localization={{
        toolbar: { searchPlaceholder: t('entityCard.table.search') },
      }}
      style={{ boxShadow: 'none' }}
    />
  );
}
