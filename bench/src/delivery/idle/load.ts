// The load process of the idle-streams benchmark: opens many stream connections to one server, waits
// for each one's `put`, then holds them idle until told on stdin to report (`count`) or to quit.
import { createInterface } from 'node:readline';
import { type OpenStream, openStream } from '../sse-stream.js';

const url = process.env.BENCH_STREAM_URL ?? '';
const key = process.env.BENCH_SERVER_KEY ?? '';
const total = Number(process.env.BENCH_CONNECTIONS);
const concurrency = Number(process.env.BENCH_OPEN_CONCURRENCY ?? 200);
const log = (line: string) => console.log(`[load] ${line}`);

const streams: OpenStream[] = [];
let puts = 0;
let ended = 0;
let firstError: Error | undefined;

function open(): Promise<void> {
  return new Promise((resolve) => {
    let gotPut = false;
    streams.push(
      openStream(url, key, {
        onEvent(event) {
          if (event.event === 'put' && !gotPut) {
            gotPut = true;
            puts++;
            resolve();
          }
        },
        onEnd(error) {
          ended++;
          firstError ??= error;
          resolve();
        },
      }),
    );
  });
}

log('start');
const started = performance.now();
let next = 0;
let logged = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      await open();
      if (puts - logged >= 2_000) {
        logged = puts;
        log(`${puts} puts received`);
      }
    }
  }),
);
log(
  `ready: ${puts} of ${total} streams received their put in ${(performance.now() - started).toFixed(0)} ms; ${ended} ended${firstError ? ` (${firstError.message})` : ''}`,
);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'count') log(`open: ${total - ended} of ${total}; ended ${ended}`);
  if (line === 'quit') {
    for (const stream of streams) stream.close();
    process.exit(0);
  }
});
