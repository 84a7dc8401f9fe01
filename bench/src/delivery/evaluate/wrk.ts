// Drives wrk (Debian's `wrk`, a C load generator that costs the machine far less per request than a
// Node one) with a Lua script that cycles through prepared POST requests and prints its summary as JSON.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface WrkRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Response bytes (headers and body) per request. */
  readonly bytesPerRequest: number;
  /** connect + read + write + timeout errors, and non-2xx/3xx responses. */
  readonly errors: number;
  readonly non2xx: number;
  /** Latencies in milliseconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

const luaString = (s: string) => {
  let level = '';
  while (s.includes(`]${level}]`)) level += '=';
  return `[${level}[${s}]${level}]`;
};

/** Writes a wrk script that sends `requests` in turn, round-robin over all connections of a thread. */
export function writeWrkScript(file: string, requests: readonly WrkRequest[]): void {
  const entries = requests
    .map((r) => {
      const headers = Object.entries(r.headers)
        .map(([name, value]) => `[ ${luaString(name)} ] = ${luaString(value)}`)
        .join(', ');
      return `  { ${luaString(r.path)}, { ${headers} }, ${luaString(r.body)} },`;
    })
    .join('\n');
  writeFileSync(
    file,
    `local specs = {\n${entries}\n}
local prepared = {}
local i = 0
init = function(args)
  for n, spec in ipairs(specs) do prepared[n] = wrk.format("POST", spec[1], spec[2], spec[3]) end
end
request = function()
  i = i % #prepared + 1
  return prepared[i]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`,
  );
}

export interface WrkOptions {
  readonly url: string;
  readonly script: string;
  readonly connections: number;
  readonly seconds: number;
  readonly threads: number;
}

export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    options.script,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const child = execFile('wrk', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      process.off('exit', killOnExit);
      if (err) {
        reject(new Error(`wrk ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
        return;
      }
      const line = /^WRK_RESULT (.*)$/m.exec(stdout)?.[1];
      if (line === undefined) {
        reject(new Error(`wrk printed no result:\n${stdout}${stderr}`));
        return;
      }
      const r = JSON.parse(line) as Record<string, number>;
      const seconds = (r.duration_us as number) / 1e6;
      const requests = r.requests as number;
      resolve({
        requests,
        seconds,
        perSecond: requests / seconds,
        bytesPerRequest: requests === 0 ? 0 : (r.bytes as number) / requests,
        errors: (r.connect as number) + (r.read as number) + (r.write as number) + (r.timeout as number),
        non2xx: r.status as number,
        p50: (r.p50 as number) / 1000,
        p90: (r.p90 as number) / 1000,
        p99: (r.p99 as number) / 1000,
        max: (r.max as number) / 1000,
        mean: (r.mean as number) / 1000,
      });
    });
  });
}
