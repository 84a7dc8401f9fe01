// The reference of the fan-out CPU figure: what writing one buffer to each of many loopback TCP sockets
// costs a Node process and nothing else (no HTTP, no SSE, no flags). The sockets' other ends are read
// in a child process, as the benchmark's stream clients are. Prints the whole process's CPU time (user
// + system, the kernel's loopback delivery included) per write, measured as the servers' is.
import { fork } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';

const SOCKETS = Number(process.env.BENCH_FLOOR_SOCKETS ?? 500);
const BYTES = Number(process.env.BENCH_FLOOR_BYTES ?? 400);
const ROUNDS = 200;
const GAP_MS = 5;
const CONNECT_CONCURRENCY = 50;

if (process.argv[2] === 'reader') {
  const port = Number(process.argv[3]);
  // At most CONNECT_CONCURRENCY connections in the making: thousands of SYNs at once overflow the
  // listener's queue, and some connections then never complete (seen with 2,500 on this machine).
  let next = 0;
  const connectOne = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1').on('data', () => {});
      socket.once('connect', resolve).once('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (next < SOCKETS) {
        next++;
        await connectOne();
      }
    }),
  );
} else {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const reader = fork(process.argv[1] as string, ['reader', String(port)], {
    execArgv: process.execArgv,
  });
  while (sockets.length < SOCKETS) await new Promise((resolve) => setTimeout(resolve, 20));
  const chunk = Buffer.alloc(BYTES, 'x');
  const sleep = () => new Promise((resolve) => setTimeout(resolve, GAP_MS));
  for (let r = 0; r < ROUNDS / 10; r++) for (const socket of sockets) socket.write(chunk); // warm-up
  await sleep();
  const before = process.cpuUsage();
  for (let r = 0; r < ROUNDS; r++) {
    for (const socket of sockets) socket.write(chunk);
    await sleep();
  }
  const used = process.cpuUsage(before);
  const perWrite = (used.user + used.system) / (ROUNDS * SOCKETS);
  console.log(`[floor] ${perWrite.toFixed(2)} µs per write of ${BYTES} bytes to each of ${SOCKETS} sockets`);
  // Waited for, so that the reader's CPU time counts as the benchmark's own, not as other work.
  const readerExited = new Promise((resolve) => reader.once('exit', resolve));
  reader.kill();
  await readerExited;
  process.exit(0);
}
