/**
 * How many prerequisite links one evaluation may follow from the flag asked for. Deeper chains are
 * refused at write time, and an evaluation that meets one anyway (two writes racing) serves the off
 * variant with `MALFORMED_FLAG`, as for a cycle.
 */
export const MAX_PREREQUISITE_DEPTH = 16;

/** The prerequisite flag keys of a flag, or undefined when there is no such flag. */
export type PrerequisiteGraph = (key: string) => readonly string[] | undefined;

/**
 * The number of links in the longest prerequisite chain that starts at `key` (0 for a flag without
 * prerequisites), following `next`. A link back into the chain (a cycle) is not followed: the engine
 * reports cycles on their own. Depth-first with an explicit stack and each flag visited once, so it
 * is linear in the graph and a graph of any depth costs no recursion.
 */
export function longestChain(key: string, next: PrerequisiteGraph): number {
  const done = new Map<string, number>();
  const onPath = new Set<string>([key]);
  const stack: { key: string; children: readonly string[]; i: number; longest: number }[] = [
    { key, children: next(key) ?? [], i: 0, longest: 0 },
  ];
  while (true) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.i < top.children.length) {
      const child = top.children[top.i++] as string;
      const known = done.get(child);
      if (known !== undefined) top.longest = Math.max(top.longest, 1 + known);
      else if (!onPath.has(child)) {
        onPath.add(child);
        stack.push({ key: child, children: next(child) ?? [], i: 0, longest: 0 });
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.key);
    done.set(top.key, top.longest);
    const parent = stack[stack.length - 1];
    if (parent === undefined) return top.longest;
    parent.longest = Math.max(parent.longest, 1 + top.longest);
  }
}
