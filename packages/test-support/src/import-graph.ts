import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import of a source file: the file, what it names, and the file it resolves to when relative. */
export interface SourceImport {
  from: string;
  specifier: string;
  /** The imported file relative to the source root (extension dropped), for relative imports only. */
  target?: string;
}

/**
 * Layer rules for one source folder: every layer names the layers it may import from. A file's layer is
 * its first folder under the root, or its own name (without extension) for a file at the root.
 */
export interface LayerRules {
  layers: Record<string, readonly string[]>;
  /** Files or folders at the root that compose the layers and may import any of them. */
  composition: readonly string[];
}

const SOURCE = /\.(ts|tsx)$/;

const withoutExtension = (path: string) => path.replace(/\.(js|jsx|ts|tsx)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every import, re-export and dynamic import of the TypeScript files under `root`. */
export function readImports(root: string): SourceImport[] {
  return sourceFiles(root).flatMap((file) => {
    const from = relative(root, file).split(sep).join('/');
    return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) => {
      if (!fileName.startsWith('.')) return { from, specifier: fileName };
      const target = relative(root, resolve(dirname(file), withoutExtension(fileName)))
        .split(sep)
        .join('/');
      return { from, specifier: fileName, target };
    });
  });
}

export function layerOf(path: string): string {
  const [first = '', second] = path.split('/');
  return second === undefined ? withoutExtension(first) : first;
}

/** The imports that go the wrong way, each as `file -> specifier (layer -> layer)`. */
export function layerViolations(imports: readonly SourceImport[], rules: LayerRules): string[] {
  const problems: string[] = [];
  for (const { from, specifier, target } of imports) {
    if (target === undefined) continue;
    const fromLayer = layerOf(from);
    const toLayer = layerOf(target);
    if (fromLayer === toLayer || rules.composition.includes(fromLayer)) continue;
    const allowed = rules.layers[fromLayer];
    if (allowed === undefined) problems.push(`${from}: layer "${fromLayer}" is not in the rules`);
    else if (!allowed.includes(toLayer))
      problems.push(`${from} -> ${specifier} (${fromLayer} -> ${toLayer})`);
  }
  return problems;
}

/** The imports of other packages named `@scope/...` that are not in `allowed`. */
export function packageViolations(
  imports: readonly SourceImport[],
  scope: string,
  allowed: readonly string[],
): string[] {
  return imports
    .filter(({ specifier }) => specifier.startsWith(`${scope}/`))
    .filter(
      ({ specifier }) => !allowed.some((name) => specifier === name || specifier.startsWith(`${name}/`)),
    )
    .map(({ from, specifier }) => `${from} -> ${specifier}`);
}
