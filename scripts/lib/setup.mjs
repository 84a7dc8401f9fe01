// Installs what a fresh machine lacks before the test or start command runs. Node built-ins only:
// this runs before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PNPM = ['npx', '--yes', 'pnpm@12.4.2'];

export function step(message) {
  console.log(`\n▶ ${message}`);
}

/** Runs a command in the repository root with inherited output; exits with its code on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) {
    console.error(`✖ could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0 && !options.allowFailure) {
    console.error(`✖ ${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
  return result.status ?? 1;
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`✖ Switchyard needs Node.js 20.19 or newer; this is ${process.version}.`);
    process.exit(1);
  }
}

export function installNodeModules() {
  step('Installing dependencies (pnpm 12.4.2, frozen lockfile)');
  run(PNPM[0], [...PNPM.slice(1), 'install', '--frozen-lockfile', '--reporter=append-only']);
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * Debian packages the tests need: redis-server (tests start their own on free ports), redis-sentinel
 * and haproxy (failover and rolling-restart tests), prometheus and prometheus-alertmanager (guard and
 * alert-trigger tests) and chromium (browser tests). Installed with apt-get when running as root;
 * otherwise a clear message.
 */
export function ensureSystemPackages(packages) {
  const missing = packages.filter((p) => !has(p.command));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.debian);
  if (process.getuid?.() !== 0) {
    console.error(
      `✖ Missing ${names.join(', ')}. Install them with: sudo apt-get install -y ${names.join(' ')}`,
    );
    process.exit(1);
  }
  step(`Installing ${names.join(', ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env });
}

export const TEST_SYSTEM_PACKAGES = [
  { command: 'redis-server', debian: 'redis-server' },
  { command: 'redis-sentinel', debian: 'redis-sentinel' },
  { command: 'haproxy', debian: 'haproxy' },
  { command: 'chromium', debian: 'chromium' },
  // Guarded rollouts are tested against the real Prometheus and Alertmanager (/usr/bin/prometheus,
  // /usr/bin/prometheus-alertmanager).
  { command: 'prometheus', debian: 'prometheus' },
  { command: 'prometheus-alertmanager', debian: 'prometheus-alertmanager' },
];

export function binExists(relative) {
  return existsSync(join(ROOT, relative));
}
