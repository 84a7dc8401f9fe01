import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type LayerRules, layerViolations, packageViolations, readImports } from '../src/import-graph.js';

// The rules docs/architecture.md draws; a change to one belongs in both.
const source = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/src`, import.meta.url));

/** Which workspace packages each package's source may import (DESIGN.md section 1). */
const PACKAGES: Record<string, readonly string[]> = {
  shared: [],
  server: ['@switchyard/shared'],
  'sdk-node': ['@switchyard/shared'],
  'sdk-react': ['@switchyard/shared'],
  openfeature: ['@switchyard/sdk-node', '@switchyard/sdk-react', '@switchyard/shared'],
  console: ['@switchyard/shared'],
  cli: ['@switchyard/shared'],
  'test-support': ['@switchyard/server', '@switchyard/sdk-node', '@switchyard/shared'],
};

/**
 * Server: http -> rollouts, lifecycle, flags-file -> services, delivery -> metrics -> store; errors and
 * config below all.
 */
const SERVER: LayerRules = {
  composition: ['app', 'start', 'main', 'restore-command', 'index', 'open-store', 'version'],
  layers: {
    http: [
      'rollouts',
      'lifecycle',
      'flags-file',
      'services',
      'delivery',
      'metrics',
      'store',
      'errors',
      'config',
      'version',
    ],
    rollouts: ['services', 'delivery', 'metrics', 'store', 'errors'],
    lifecycle: ['services', 'store', 'errors'],
    'flags-file': ['services', 'store', 'errors'],
    services: ['store', 'errors'],
    delivery: ['store', 'errors'],
    metrics: ['store'],
    store: [],
    config: [],
    errors: [],
  },
};

/** Console: main -> app -> pages -> components -> state -> api. */
const CONSOLE: LayerRules = {
  composition: ['main'],
  layers: {
    app: ['pages', 'components', 'state', 'api'],
    pages: ['components', 'state', 'api'],
    components: ['state', 'api'],
    state: ['api'],
    api: [],
  },
};

describe('the import-direction check', () => {
  const imports = [
    { from: 'http/routes/flags.ts', specifier: '../../services/flags.js', target: 'services/flags' },
    { from: 'services/flags.ts', specifier: '../http/errors.js', target: 'http/errors' },
    { from: 'app.ts', specifier: './http/auth.js', target: 'http/auth' },
  ];

  it('names an import that goes up a layer, and only that one', () => {
    expect(layerViolations(imports, SERVER)).toEqual([
      'services/flags.ts -> ../http/errors.js (services -> http)',
    ]);
  });

  it('names a layer the rules do not know, so a new folder is placed on purpose', () => {
    const stray = [{ from: 'helpers/x.ts', specifier: '../store/types.js', target: 'store/types' }];
    expect(layerViolations(stray, SERVER)).toEqual(['helpers/x.ts: layer "helpers" is not in the rules']);
  });

  it('names an import of a workspace package that is not allowed', () => {
    const found = [
      { from: 'index.ts', specifier: '@switchyard/shared' },
      { from: 'client.ts', specifier: '@switchyard/server' },
    ];
    expect(packageViolations(found, '@switchyard', ['@switchyard/shared'])).toEqual([
      'client.ts -> @switchyard/server',
    ]);
  });
});

describe('the repository', () => {
  it.each(Object.entries(PACKAGES))('%s imports only the workspace packages below it', (pkg, allowed) => {
    expect(packageViolations(readImports(source(pkg)), '@switchyard', allowed)).toEqual([]);
  });

  // re2js (pure JS, no install scripts) runs `matches` clauses in linear time in every evaluator.
  it('shared imports zod and re2js and nothing else outside itself', () => {
    const outside = readImports(source('shared')).filter(({ target }) => target === undefined);
    expect(outside.map(({ specifier }) => specifier).filter((s) => s !== 'zod' && s !== 're2js')).toEqual([]);
  });

  it('server layers only look down', () => {
    expect(layerViolations(readImports(source('server')), SERVER)).toEqual([]);
  });

  it('console layers only look down', () => {
    expect(layerViolations(readImports(source('console')), CONSOLE)).toEqual([]);
  });
});
