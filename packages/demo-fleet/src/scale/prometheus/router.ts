import express from 'express';
import { matches, parseSelector, UnsupportedQueryError } from './selector';
import { Sample } from './series';

/** Prometheus's own error body. */
function badData(res: express.Response, error: string) {
  res.status(400).json({ status: 'error', errorType: 'bad_data', error });
}

/** RFC 3339 or Unix seconds, as the Prometheus API accepts. */
function parseTime(raw: unknown, fallback: Date): Date | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return new Date(Number(raw) * 1000);
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Prometheus durations (`30s`, `5m`) or float seconds. */
function parseStep(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const match = raw.match(/^(\d+)(ms|s|m|h|d|w|y)$/);
  if (!match) return undefined;
  const unitSeconds = {
    ms: 0.001,
    s: 1,
    m: 60,
    h: 3600,
    d: 86400,
    w: 604800,
    y: 31536000,
  }[match[2]]!;
  return Number(match[1]) * unitSeconds;
}

function rangeProblem(
  input: Record<string, unknown>,
  start: Date | undefined,
  end: Date | undefined,
  step: number | undefined,
): string | undefined {
  if (!start) {
    return `invalid parameter "start": cannot parse ${JSON.stringify(
      input.start,
    )} to a valid timestamp`;
  }
  if (!end) {
    return `invalid parameter "end": cannot parse ${JSON.stringify(
      input.end,
    )} to a valid timestamp`;
  }
  if (end < start) {
    return 'invalid parameter "end": end timestamp must not be before start time';
  }
  if (!step || step <= 0) {
    return 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer';
  }
  if ((end.getTime() - start.getTime()) / 1000 / step > 11000) {
    return 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)';
  }
  return undefined;
}

const fmt = (value: number) => (Number.isNaN(value) ? 'NaN' : String(value));

/**
 * `/api/v1/query` and `/api/v1/query_range` over the series `seriesAt`
 * returns for a moment, GET or POST (form-encoded), with Prometheus's success
 * and `bad_data` shapes.
 */
export function prometheusRouter(
  seriesAt: (at: Date) => Sample[],
  now: () => Date,
) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));
  const params = (req: express.Request) =>
    ({ ...req.query, ...(req.body ?? {}) } as Record<string, unknown>);

  const selectorOf = (res: express.Response, query: unknown) => {
    if (typeof query !== 'string' || !query.trim()) {
      badData(res, 'invalid parameter "query": empty query');
      return undefined;
    }
    try {
      const matchers = parseSelector(query);
      matchers.forEach(
        matcher => matcher.op.includes('~') && new RegExp(matcher.value),
      );
      return matchers;
    } catch (error) {
      const message =
        error instanceof UnsupportedQueryError
          ? error.message
          : `invalid regular expression: ${(error as Error).message}`;
      badData(res, `invalid parameter "query": ${message}`);
      return undefined;
    }
  };

  const query = (req: express.Request, res: express.Response) => {
    const input = params(req);
    const matchers = selectorOf(res, input.query);
    if (!matchers) return;
    const at = parseTime(input.time, now());
    if (!at) {
      badData(
        res,
        `invalid parameter "time": cannot parse ${JSON.stringify(
          input.time,
        )} to a valid timestamp`,
      );
      return;
    }
    const result = seriesAt(at)
      .filter(sample => matches(sample.labels, matchers))
      .map(sample => ({
        metric: sample.labels,
        value: [at.getTime() / 1000, fmt(sample.value)],
      }));
    res.json({ status: 'success', data: { resultType: 'vector', result } });
  };

  const queryRange = (req: express.Request, res: express.Response) => {
    const input = params(req);
    const matchers = selectorOf(res, input.query);
    if (!matchers) return;
    const start = parseTime(input.start, undefined as unknown as Date);
    const end = parseTime(input.end, undefined as unknown as Date);
    const step = parseStep(input.step);
    const problem = rangeProblem(input, start, end, step);
    if (problem) {
      badData(res, problem);
      return;
    }
    const byKey = new Map<
      string,
      { metric: Record<string, string>; values: Array<[number, string]> }
    >();
    for (
      let time = start!.getTime();
      time <= end!.getTime();
      time += step! * 1000
    ) {
      for (const sample of seriesAt(new Date(time)).filter(candidate =>
        matches(candidate.labels, matchers),
      )) {
        const key = JSON.stringify(sample.labels);
        if (!byKey.has(key))
          byKey.set(key, { metric: sample.labels, values: [] });
        byKey.get(key)!.values.push([time / 1000, fmt(sample.value)]);
      }
    }
    res.json({
      status: 'success',
      data: { resultType: 'matrix', result: [...byKey.values()] },
    });
  };

  router.get('/api/v1/query', query);
  router.post('/api/v1/query', query);
  router.get('/api/v1/query_range', queryRange);
  router.post('/api/v1/query_range', queryRange);
  router.get('/-/ready', (_req, res) => {
    res.send('Prometheus Server is Ready.\n');
  });
  router.use((req, res) => {
    res.status(404).json({
      status: 'error',
      errorType: 'not_found',
      error: `the demo fleet does not serve ${req.path}`,
    });
  });
  return router;
}
