import { type LookupAddress, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * WEBHOOK_DENY_PRIVATE: targets on loopback, private, link-local, carrier-grade NAT, unspecified
 * and unique-local addresses are refused. Checked on the URL at creation and on the address the name
 * resolves to at every attempt, and the request connects to exactly the address checked, so a name
 * re-pointed at 127.0.0.1 after creation is refused too.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** True for an address WEBHOOK_DENY_PRIVATE refuses (IPv4-mapped IPv6 is checked as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL as an address or name (IPv6 literals without their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Resolves `host` to every address it has (an address resolves to itself). */
export function resolveAll(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return Promise.resolve([host]);
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (err, addresses: LookupAddress[]) =>
      err ? reject(err) : resolve(addresses.map((a) => a.address)),
    );
  });
}

/** Why `url` may not be a target under WEBHOOK_DENY_PRIVATE, or null. A name that does not resolve passes here. */
export async function privateTargetProblem(url: URL): Promise<string | null> {
  const addresses = await resolveAll(hostOf(url)).catch(() => []);
  const refused = addresses.find(isPrivateAddress);
  return refused === undefined
    ? null
    : `resolves to ${refused}, a private address (WEBHOOK_DENY_PRIVATE is on)`;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * A `lookup` for http.request that resolves the name once and refuses a private address, so the
 * connection goes to the address that was checked.
 */
export function checkedLookup(hostname: string, _options: unknown, callback: LookupCallback): void {
  lookup(hostname, { all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const first = addresses[0];
    if (first === undefined) return callback(new Error(`${hostname} has no address`), '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused !== undefined) {
      const problem = new Error(
        `${hostname} resolves to ${refused.address}, a private address (WEBHOOK_DENY_PRIVATE is on)`,
      ) as NodeJS.ErrnoException;
      problem.code = 'EWEBHOOKPRIVATE';
      return callback(problem, '', 0);
    }
    callback(null, first.address, first.family);
  });
}
