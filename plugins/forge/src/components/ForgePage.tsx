import { useEffect, useMemo, useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import { ResponseError } from '@backstage/errors';
import { RelativeTime } from '@internal/plugin-platform-react';
import { Diff, fileAnchor } from './Diff';
import {
  ForgeApiClient,
  PullRequest,
  RepoInfo,
} from '@internal/plugin-forge-common';

/** The forge API's generated client, on the app's discovery and fetch. */
function useForgeApi() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(
    () => new ForgeApiClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
}

/** Loads once per `key`; a later key's answer replaces an earlier one's. */
function useForge<T>(
  load: (api: ForgeApiClient) => Promise<T>,
  key: string,
): { value?: T; error?: Error } {
  const api = useForgeApi();
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  useEffect(() => {
    let cancelled = false;
    load(api).then(
      value => !cancelled && setState({ value }),
      error => !cancelled && setState({ error }),
    );
    return () => {
      cancelled = true;
    };
    // `load` is a new closure each render; `key` says what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);
  return state;
}

function Overview() {
  const repos = useForge(api => api.listRepos(), 'repos');
  const pulls = useForge(api => api.listPullRequests({}), 'pulls');
  if (repos.error || pulls.error)
    return <ResponseErrorPanel error={(repos.error ?? pulls.error)!} />;
  if (!repos.value || !pulls.value) return <Progress />;
  return (
    <>
      <Table<PullRequest>
        title="Pull requests"
        options={{ paging: false, search: false }}
        data={pulls.value.items}
        columns={[
          { title: '#', field: 'id', width: '4em' },
          {
            title: 'Title',
            render: pr => (
              <Link to={`/forge/${pr.repo}/pulls/${pr.id}`}>{pr.title}</Link>
            ),
          },
          // The branch under its repository, as the state's time under it.
          {
            title: 'Repository',
            render: pr => (
              <>
                {pr.repo}
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  from {pr.branch}
                </Typography>
              </>
            ),
          },
          { title: 'Files', render: pr => pr.files.length },
          { title: 'By', field: 'author' },
          // When, under the state: with a column each, the last ones were
          // cut off at the card's edge at a 1024 px window.
          {
            title: 'State',
            render: pr => (
              <>
                <Chip size="small" label={pr.state} />
                <Typography
                  variant="caption"
                  display="block"
                  color="textSecondary"
                >
                  updated <RelativeTime at={pr.updatedAt} />
                </Typography>
              </>
            ),
          },
        ]}
      />
      <Table<RepoInfo>
        title="Repositories"
        options={{ paging: false, search: false }}
        data={repos.value.items}
        columns={[
          {
            title: 'Repository',
            render: repo => <Link to={`/forge/${repo.repo}`}>{repo.repo}</Link>,
          },
          { title: 'Clone URL (in rendered files)', field: 'cloneUrl' },
        ]}
      />
    </>
  );
}

/**
 * Merges an open pull request of the local forge, as its reviewer would on
 * a hosted one; shows the forge's refusal (not open, conflicts) in place.
 */
function MergeButton(props: { id: number; onMerged: () => void }) {
  const api = useForgeApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const merge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.mergePullRequest({ path: { id: String(props.id) } });
      props.onMerged();
    } catch (failure) {
      // The backend's own words (who may merge, conflicts), not the status.
      setError(
        failure instanceof ResponseError
          ? failure.body.error.message
          : (failure as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box mb={2}>
      <Button
        variant="contained"
        color="primary"
        disabled={busy}
        onClick={merge}
        data-testid="forge-merge"
      >
        Merge
      </Button>
      {error && (
        <Typography color="error" data-testid="forge-merge-error">
          {error}
        </Typography>
      )}
    </Box>
  );
}

function PullRequestView() {
  const { id } = useParams();
  const [version, setVersion] = useState(0);
  const pr = useForge(
    api => api.getPullRequest({ path: { id: String(id) } }),
    `pulls/${id}/${version}`,
  );
  if (pr.error) return <ResponseErrorPanel error={pr.error} />;
  if (!pr.value) return <Progress />;
  const pull = pr.value;
  return (
    <>
      <Typography variant="h5">
        #{pull.id} {pull.title}
      </Typography>
      <Typography variant="body2" paragraph>
        <Link to={`/forge/${pull.repo}`}>{pull.repo}</Link>: {pull.branch} →{' '}
        {pull.base}, by {pull.author}, {pull.state}, updated{' '}
        <RelativeTime at={pull.updatedAt} />
      </Typography>
      {pull.description && (
        <Typography variant="body1" paragraph>
          {pull.description}
        </Typography>
      )}
      {pull.state === 'open' && (
        <MergeButton
          id={pull.id}
          onMerged={() => setVersion(previous => previous + 1)}
        />
      )}
      <Typography variant="h6">
        {pull.files.length} file{pull.files.length === 1 ? '' : 's'} changed
      </Typography>
      <ul>
        {pull.files.map(file => (
          <li key={file}>
            {/* To its part of the diff below. */}
            <a href={`#${fileAnchor(file)}`}>
              <code>{file}</code>
            </a>
          </li>
        ))}
      </ul>
      <Diff diff={pull.diff ?? ''} />
      <Box mt={2}>
        <Link to="/forge">All pull requests</Link>
      </Box>
    </>
  );
}

function RepoView() {
  const { owner, repo } = useParams();
  const info = useForge(
    api => api.getRepo({ path: { owner: String(owner), name: String(repo) } }),
    `repos/${owner}/${repo}`,
  );
  if (info.error) return <ResponseErrorPanel error={info.error} />;
  if (!info.value) return <Progress />;
  return (
    <>
      <Typography variant="h5">{info.value.repo}</Typography>
      <Typography variant="body2" paragraph>
        Clone URL in rendered files: <code>{info.value.cloneUrl}</code>
      </Typography>
      <Typography variant="h6">Pull requests</Typography>
      {info.value.pullRequests.length === 0 ? (
        <Typography variant="body2" paragraph>
          None yet.
        </Typography>
      ) : (
        <ul>
          {info.value.pullRequests.map(pr => (
            <li key={pr.id}>
              <Link to={`/forge/${pr.repo}/pulls/${pr.id}`}>
                #{pr.id} {pr.title}
              </Link>{' '}
              ({pr.state}, <RelativeTime at={pr.updatedAt} />)
            </li>
          ))}
        </ul>
      )}
      <Typography variant="h6">
        {info.value.files.length} files on {info.value.defaultBranch}
      </Typography>
      <ul data-testid="forge-files">
        {info.value.files.map(file => (
          <li key={file}>
            <Link
              to={`/forge/${info.value!.repo}/blob/${
                info.value!.defaultBranch
              }/${file}`}
            >
              <code>{file}</code>
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/forge">All repositories</Link>
    </>
  );
}

/**
 * One file of a repository's default branch, at the address the catalog
 * holds for a product's entities (`/forge/<owner>/<repo>/blob/main/<path>`).
 */
function FileView() {
  const { owner, repo, branch } = useParams();
  const file = useParams()['*'] ?? '';
  const content = useForge(
    api =>
      api.getRepoFile({
        path: { owner: String(owner), name: String(repo) },
        query: { path: file },
      }),
    `file/${owner}/${repo}/${file}`,
  );
  if (content.error) return <ResponseErrorPanel error={content.error} />;
  if (!content.value) return <Progress />;
  return (
    <>
      <Typography variant="h5">
        <Link to={`/forge/${owner}/${repo}`}>
          {owner}/{repo}
        </Link>{' '}
        / <code>{file}</code>
      </Typography>
      <Typography variant="body2" paragraph>
        on {content.value.branch}
        {branch !== content.value.branch &&
          ` (the forge serves only ${content.value.branch}, not ${branch})`}
      </Typography>
      <pre
        data-testid="forge-file"
        style={{
          overflowX: 'auto',
          fontSize: 12,
          border: '1px solid #d0d7de',
          borderRadius: 4,
          padding: 8,
        }}
      >
        {content.value.content}
      </pre>
    </>
  );
}

export function ForgePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Forge"
        subtitle="Repositories and pull requests of the embedded default's local Git forge"
      />
      <Content>
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/:owner/:repo" element={<RepoView />} />
          <Route path="/:owner/:repo/pulls/:id" element={<PullRequestView />} />
          <Route path="/:owner/:repo/blob/:branch/*" element={<FileView />} />
          {/* A folder address (the catalog's source location): the repository. */}
          <Route path="/:owner/:repo/tree/:branch/*" element={<RepoView />} />
        </Routes>
      </Content>
    </Page>
  );
}
