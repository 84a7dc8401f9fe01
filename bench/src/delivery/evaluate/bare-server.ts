// The baseline of the evaluate benchmark: a bare Fastify app (no logger, no hooks, no auth) whose one
// route answers POST /sdk/v1/evaluate with a precomputed body, the same JSON the real route returns.
// It runs in a process of its own, like the Switchyard server it is compared with. BARE_WORK_MICROS=<n>
// makes the route busy for n µs of its own CPU before it answers (the evaluate-work benchmark); unset, 0.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.env.BARE_BODY_FILE ?? '', 'utf8');
const workMillis = Number(process.env.BARE_WORK_MICROS ?? 0) / 1000;
const app = Fastify({ logger: false });
app.post('/sdk/v1/evaluate', async (_request, reply) => {
  if (workMillis > 0) {
    const end = performance.now() + workMillis;
    while (performance.now() < end);
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  return body;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
console.log(`bare route at http://127.0.0.1:${port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void app.close().then(() => process.exit(0)));
