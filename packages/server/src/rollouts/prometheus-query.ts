import { z } from 'zod';

/** One PromQL instant query's answer, reduced to what a guard compares. */
export type QueryResult = { ok: true; value: number } | { ok: false; problem: string };

export type PrometheusQuery = (query: string) => Promise<QueryResult>;

const sampleSchema = z.tuple([z.number(), z.string()]);
const answerSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
  data: z
    .discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(z.object({ value: sampleSchema })) }),
      z.object({ resultType: z.literal('scalar'), result: sampleSchema }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal('string'), result: z.unknown() }),
    ])
    .optional(),
});

/**
 * Instant queries against Prometheus' HTTP API (`GET /api/v1/query`). Several series: the largest
 * value counts (the worst case). No series, or NaN (a ratio of nothing to nothing): no data.
 * Unreachable, slow (over `timeoutMs`) or an error answer: a problem, never an exception.
 */
export function createPrometheusQuery(baseUrl: string, timeoutMs = 3_000): PrometheusQuery {
  const base = baseUrl.replace(/\/+$/, '');
  return async (query) => {
    let body: unknown;
    try {
      const res = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query })}`, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      body = await res.json();
    } catch (err) {
      return { ok: false, problem: `Prometheus at ${base} did not answer: ${(err as Error).message}` };
    }
    const answer = answerSchema.safeParse(body);
    if (!answer.success)
      return { ok: false, problem: `Prometheus at ${base} answered something else than a query result` };
    const { status, error, data } = answer.data;
    if (status !== 'success' || data === undefined) {
      return { ok: false, problem: `Prometheus refused the query: ${error ?? status}` };
    }
    const values =
      data.resultType === 'vector'
        ? data.result.map((s) => Number(s.value[1]))
        : data.resultType === 'scalar'
          ? [Number(data.result[1])]
          : [];
    if (data.resultType === 'matrix' || data.resultType === 'string')
      return { ok: false, problem: `the query returns a ${data.resultType}; a guard needs a number` };
    const numbers = values.filter((v) => !Number.isNaN(v));
    if (numbers.length === 0) return { ok: false, problem: 'the query returned no data' };
    return { ok: true, value: Math.max(...numbers) };
  };
}
