/**
 * The Node.js options the server is started with: by `npm start`, by the container image (its
 * ENTRYPOINT lists the same, which deploy/test/dockerfile.test.ts checks) and by the benchmarks. They are
 * V8 options, which `NODE_OPTIONS` does not accept, so whoever starts `server.mjs` or `dist/main.js`
 * some other way passes them on the command line (docs/operations.md, "Node.js options").
 *
 * `--single-threaded-gc`: V8 collects garbage on the main thread only, without helper threads. With
 * them, a server process settled for its whole life in a fast or a slow mode, 15–30% apart in CPU per
 * request, whichever the build; with it, every process ran in the fast mode, with no longer latency
 * tails (BENCHMARKS.md, "One GC thread").
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];
