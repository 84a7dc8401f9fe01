import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<string, any>;

export interface Kustomization {
  resources: string[];
  patches?: { path: string }[];
  images?: { name: string; newTag?: string }[];
}

export function readYaml(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

export function readKustomization(dir: string): Kustomization {
  const [k] = readYaml(join(dir, 'kustomization.yaml'));
  return k as Kustomization;
}

/**
 * The objects `kubectl apply -k dir` would apply, for the subset of kustomize these manifests use:
 * resources (files and directories) and strategic-merge patches. Enough to validate what the
 * cluster would receive; kustomize itself is not on the test machine.
 */
export function build(dir: string): Manifest[] {
  const k = readKustomization(dir);
  const objects: Manifest[] = [];
  for (const resource of k.resources) {
    const path = join(dir, resource);
    if (resource.endsWith('.yaml')) objects.push(...(readYaml(path) as Manifest[]));
    else objects.push(...build(path));
  }
  for (const patch of k.patches ?? []) {
    for (const p of readYaml(join(dir, patch.path)) as Manifest[]) {
      const target = objects.find((o) => o.kind === p.kind && o.metadata.name === p.metadata.name);
      if (target === undefined) throw new Error(`${patch.path}: no ${p.kind} ${p.metadata.name} to patch`);
      Object.assign(target, strategicMerge(target, p));
    }
  }
  return objects;
}

/** Maps merge key by key; lists of named items (containers, env, ports) merge by `name`. */
function strategicMerge(base: any, patch: any): any {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (x: unknown) => typeof x === 'object' && x !== null && 'name' in x;
    if (!patch.every(named)) return patch;
    const merged = [...base];
    for (const item of patch) {
      const at = merged.findIndex((b) => named(b) && b.name === item.name);
      if (at < 0) merged.push(item);
      else merged[at] = strategicMerge(merged[at], item);
    }
    return merged;
  }
  if (typeof base === 'object' && base !== null && typeof patch === 'object' && patch !== null) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      // A replaced value source (value -> valueFrom) must not keep the other one.
      if (key === 'valueFrom') delete merged.value;
      if (key === 'value') delete merged.valueFrom;
      merged[key] = key in base ? strategicMerge(base[key], value) : value;
    }
    return merged;
  }
  return patch;
}
