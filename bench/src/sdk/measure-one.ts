// Measures one workload of the SDK benchmark, or the heap, and writes the result to stdout as JSON.
// `sdk.ts` runs it in a Node process of its own for each, so that one workload's client cannot make
// the call sites of the next polymorphic, and no workload's garbage or JIT state weighs on another.
import { userIds } from '../engine/scenarios.js';
import { compare } from './compare.js';
import { measureClientHeap } from './heap.js';
import { WORKLOADS } from './workloads.js';

const HEAP_FLAGS = 10_000;
const WARM_UP_USERS = 200_000;
const WARM_UP_PASSES = 2;
const MEASURED_PASSES = 7;

const what = process.argv[2];
if (what === 'heap') {
  process.stdout.write(JSON.stringify(await measureClientHeap(HEAP_FLAGS)));
} else {
  const spec = WORKLOADS.find((w) => w.id === what);
  if (!spec) throw new Error(`no workload "${what}"`);
  const workload = spec.make();
  const result = await compare(workload, {
    warmIds: userIds(WARM_UP_USERS, 'warm-'),
    warmUpPasses: WARM_UP_PASSES,
    passes: MEASURED_PASSES,
  });
  const { engineNs, clientNs, evaluations, lastWindow } = result;
  process.stdout.write(
    JSON.stringify({
      id: spec.id,
      warmUpUsers: WARM_UP_USERS,
      warmUpPasses: WARM_UP_PASSES,
      windows: workload.windows.length,
      usersPerWindow: workload.usersPerWindow,
      evaluations,
      engineNs,
      clientNs,
      lastWindow,
    }),
  );
}
