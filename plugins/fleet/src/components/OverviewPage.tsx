import {
  Content,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
  useTheme,
} from '@material-ui/core';
import { CSSProperties, ForwardedRef, forwardRef, memo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  CellStatus,
  FleetOverview,
  OverviewQuery,
  OverviewSummary,
  PolicySet,
} from '@internal/plugin-fleet-common';
import {
  RelativeTime,
  StatusBadge,
  Words,
} from '@internal/plugin-platform-react';
import { clusterPlace } from './ClusterCell';
import { entityTabPath } from './links';
import { OverviewFilters } from './OverviewFilters';
import { useFleetOverview } from './useFleetOverview';
import { useWindowedRows } from './useWindowedRows';

/** Rows per page unless the reader picks another. */
const PAGE_SIZE = 50;

/** The backend answers at most 500 products a page. */
const ROWS_PER_PAGE = [25, 50, 100, 300, 500];

/**
 * Pages up to this size render every row, as the table always did: the
 * default page (50) and the page sizes offered before windowing (25, 100)
 * stay whole in the DOM, so the browser's find and the browser tests see
 * every row without scrolling. Only the 300 and 500 pages, where 10–15
 * thousand cells would make the page slow, render a window of rows.
 */
const RENDER_ALL_UP_TO = 100;

type Product = FleetOverview['products'][number];
type Cluster = FleetOverview['clusters'][number];

/**
 * The Product column stays in view while the 30 cluster columns scroll
 * sideways: sticky on the left, opaque so cells scrolling under it do not
 * show through, and above them. Its header cell sticks on both axes and is
 * above everything; the other header cells only stick to the top (MUI's
 * stickyHeader also gives them `left: 0`, which drags their content along
 * on a horizontal scroll, mui/material-ui#22915).
 */
function useStickyStyles() {
  const theme = useTheme();
  const corner: CSSProperties = {
    position: 'sticky',
    top: 0,
    left: 0,
    zIndex: 3,
    minWidth: 140,
    backgroundColor: theme.palette.background.default,
    // The table's collapsed borders do not move with a sticky cell.
    boxShadow: `inset -1px 0 0 ${theme.palette.divider}`,
  };
  const column: CSSProperties = {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: theme.palette.background.paper,
    boxShadow: `inset -1px 0 0 ${theme.palette.divider}`,
  };
  // Wide enough that a cell's badge and summary take two lines, not four
  // (at 30 clusters the columns would otherwise shrink to ~100 px).
  const header: CSSProperties = { left: 'auto', minWidth: 128 };
  return { corner, column, header };
}

/**
 * The overview's query lives in the address (`?team=…&problems=true&page=2`),
 * so a filtered view can be shared and survives a reload.
 */
function queryOf(search: URLSearchParams): OverviewQuery {
  const limit = Number(search.get('rows')) || PAGE_SIZE;
  const page = Math.max(0, Number(search.get('page')) || 0);
  return {
    team: search.get('team') ?? undefined,
    status: (search.get('status') as CellStatus | null) ?? undefined,
    provider:
      (search.get('provider') as OverviewQuery['provider'] | null) ?? undefined,
    ring: search.get('ring') ?? undefined,
    problems: search.get('problems') === 'true' || undefined,
    limit,
    offset: page * limit,
  };
}

function searchOf(query: OverviewQuery): Record<string, string> {
  const limit = query.limit ?? PAGE_SIZE;
  const entries: Array<[string, string | undefined]> = [
    ['team', query.team],
    ['status', query.status],
    ['provider', query.provider],
    ['ring', query.ring],
    ['problems', query.problems ? 'true' : undefined],
    ['rows', limit === PAGE_SIZE ? undefined : String(limit)],
    [
      'page',
      query.offset ? String(Math.floor(query.offset / limit)) : undefined,
    ],
  ];
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** What needs attention among every matching product, before the table. */
const SummaryLine = ({ summary }: { summary: OverviewSummary }) => {
  const parts: Array<[number, CellStatus, string]> = [
    [summary.paging, 'critical', 'paging'],
    [summary.burning, 'warning', 'burning'],
    [summary.critical, 'critical', 'critical'],
    [summary.warning, 'warning', 'warning'],
    [summary.unknown, 'unknown', 'unknown'],
    [summary.drift, 'warning', 'drift'],
  ];
  const shown = parts.filter(([count]) => count > 0);
  return (
    <Box
      data-testid="overview-summary"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 8 }}
      mb={1}
    >
      <Typography variant="body2">
        {summary.products} product{summary.products === 1 ? '' : 's'}
      </Typography>
      {shown.length === 0 ? (
        <StatusBadge status="ok" label="nothing needs attention" />
      ) : (
        shown.map(([count, status, label]) => (
          <StatusBadge
            key={label}
            status={status}
            label={`${count} ${label}`}
          />
        ))
      )}
    </Box>
  );
};

/**
 * The Kyverno policy set a cluster runs: the infra repo revision its
 * `policies-<cluster>` Application deployed, whether it is in sync, a link
 * to it in Argo CD; or why it is not known.
 */
const PolicySetLine = ({
  cluster,
  policySet,
}: {
  cluster: string;
  policySet?: PolicySet;
}) => {
  if (!policySet) return null;
  return (
    <Typography
      variant="caption"
      display="block"
      color={policySet.error ? 'error' : 'textSecondary'}
      data-testid={`policy-set-${cluster}`}
    >
      {policySet.error ? (
        `policies unknown: ${policySet.error}`
      ) : (
        <>
          policies{' '}
          <Link to={policySet.url ?? ''} title={policySet.revision}>
            {policySet.revision?.slice(0, 7) ?? 'no revision'}
          </Link>{' '}
          · {policySet.sync}
        </>
      )}
    </Typography>
  );
};

/** Stands in for the rows not rendered, so the scrollbar stays honest. */
const SpacerRow = ({
  height,
  columns,
  testId,
}: {
  height: number;
  columns: number;
  testId: string;
}) => (
  <TableRow aria-hidden data-testid={testId}>
    <TableCell colSpan={columns} style={{ height, padding: 0, border: 0 }} />
  </TableRow>
);

/**
 * One product: its title, its worst signal on each cluster, its drift.
 * Memoised: when the window moves, only the rows coming into it render.
 */
function ProductRowView(
  { product, clusters }: { product: Product; clusters: Cluster[] },
  ref: ForwardedRef<HTMLTableRowElement>,
) {
  const { name } = parseEntityRef(product.entityRef);
  const sticky = useStickyStyles();
  return (
    <TableRow ref={ref} data-testid={`product-${name}`}>
      <TableCell style={sticky.column}>
        <Link to={entityTabPath(product.entityRef, 'fleet')}>
          {product.title}
        </Link>
        {/* The failover panel, one click away from the overview. */}
        {Object.values(product.cells).some(
          cell => cell.share !== undefined,
        ) && (
          <Typography variant="caption" display="block">
            <Link to={entityTabPath(product.entityRef, 'failover')}>
              Failover
            </Link>
          </Typography>
        )}
      </TableCell>
      {clusters.map(cluster => {
        const cell = product.cells[cluster.name];
        return (
          <TableCell
            key={cluster.name}
            data-testid={`overview-${name}-${cluster.name}`}
          >
            {cell ? (
              <>
                <StatusBadge status={cell.status} />
                <Typography variant="body2" component="span">
                  <Words text={cell.summary} />
                </Typography>
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  {cell.revisions.join(', ') || 'no revision'}
                </Typography>
                {cell.share !== undefined && (
                  <Typography
                    variant="caption"
                    display="block"
                    data-testid={`share-${cluster.name}`}
                  >
                    {cell.drained
                      ? 'drained · 0% of traffic'
                      : `${Math.round(cell.share * 100)}% of traffic`}
                  </Typography>
                )}
              </>
            ) : (
              '—'
            )}
          </TableCell>
        );
      })}
      <TableCell data-testid="drift">
        {product.drift ? (
          <>
            <StatusBadge status="warning" label="Drift" />
            <Typography variant="caption" display="block">
              {product.driftReason}
            </Typography>
          </>
        ) : (
          <StatusBadge status="ok" label="Same everywhere" />
        )}
      </TableCell>
    </TableRow>
  );
}
const ProductRow = memo(forwardRef(ProductRowView));

/**
 * Products × clusters, with the revisions each runs and version drift
 * flagged; filtered and paged by the backend, problems first.
 */
export const OverviewPage = () => {
  const [search, setSearch] = useSearchParams();
  const query = queryOf(search);
  const { value: overview, error } = useFleetOverview(query);
  const change = (next: OverviewQuery) => setSearch(searchOf(next));
  const sticky = useStickyStyles();
  // Called before the early returns below (a hook); no rows until loaded.
  const windowing = useWindowedRows({
    keys: overview?.products.map(product => product.entityRef) ?? [],
    renderAllUpTo: RENDER_ALL_UP_TO,
  });

  if (error && !overview) return <ResponseErrorPanel error={error} />;
  if (!overview) return <Progress />;
  const columns = overview.clusters.length + 2;

  return (
    <Content>
      <InfoCard
        title="Products by cluster"
        subheader={
          <span>
            Worst signal per cluster and the revisions deployed · updated{' '}
            <RelativeTime at={overview.generatedAt} />
          </span>
        }
      >
        {/* The policy set, like a product, should run one revision everywhere. */}
        <div data-testid="policy-drift" style={{ marginBottom: 8 }}>
          {overview.policyDrift ? (
            <>
              <StatusBadge status="warning" label="Policy drift" />
              <Typography variant="caption">
                {overview.policyDriftReason}
              </Typography>
            </>
          ) : (
            <StatusBadge status="ok" label="One policy set everywhere" />
          )}
        </div>
        <OverviewFilters
          query={query}
          facets={overview.facets}
          onChange={change}
        />
        {overview.summary && <SummaryLine summary={overview.summary} />}
        {/*
         * Long fleets scroll inside the card; the cluster headings and the
         * Product column stay. Long pages render only the rows in view.
         */}
        <TableContainer
          ref={windowing.containerRef}
          style={{ maxHeight: '70vh' }}
          data-testid="overview-scroll"
        >
          <Table size="small" stickyHeader aria-label="fleet overview">
            <TableHead>
              <TableRow>
                <TableCell style={sticky.corner}>Product</TableCell>
                {overview.clusters.map(cluster => (
                  <TableCell key={cluster.name} style={sticky.header}>
                    <Words text={cluster.title} />
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      <Words text={clusterPlace(cluster)} />
                    </Typography>
                    <PolicySetLine
                      cluster={cluster.name}
                      policySet={cluster.policySet}
                    />
                    {/* Every product off this cluster at once (platform on-call). */}
                    <Typography variant="caption" display="block">
                      <Link
                        to={`/catalog/default/resource/${cluster.name}/evacuate`}
                        data-testid={`evacuate-${cluster.name}`}
                      >
                        Evacuate…
                      </Link>
                    </Typography>
                  </TableCell>
                ))}
                <TableCell style={sticky.header}>Versions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {overview.products.length === 0 && (
                <TableRow>
                  <TableCell colSpan={columns}>
                    No product matches these filters.
                  </TableCell>
                </TableRow>
              )}
              {windowing.padTop > 0 && (
                <SpacerRow
                  height={windowing.padTop}
                  columns={columns}
                  testId="overview-spacer-top"
                />
              )}
              {overview.products
                .slice(windowing.start, windowing.end)
                .map(product => (
                  <ProductRow
                    key={product.entityRef}
                    ref={windowing.rowRef(product.entityRef)}
                    product={product}
                    clusters={overview.clusters}
                  />
                ))}
              {windowing.padBottom > 0 && (
                <SpacerRow
                  height={windowing.padBottom}
                  columns={columns}
                  testId="overview-spacer-bottom"
                />
              )}
            </TableBody>
          </Table>
        </TableContainer>
        {overview.page && (
          <TablePagination
            component="div"
            count={overview.page.total}
            page={Math.floor(overview.page.offset / overview.page.limit)}
            rowsPerPage={overview.page.limit}
            rowsPerPageOptions={ROWS_PER_PAGE}
            onPageChange={(_event, page) =>
              change({ ...query, offset: page * (query.limit ?? PAGE_SIZE) })
            }
            onRowsPerPageChange={event =>
              change({ ...query, limit: Number(event.target.value), offset: 0 })
            }
          />
        )}
      </InfoCard>
    </Content>
  );
};
