// Where an outbound webhook may go: public addresses only, unless the operator allows local ones
// (OUTBOUND_WEBHOOK_ALLOW_LOCAL). Every address a host resolves to is checked, IPv4 and IPv6, when the
// subscription is made and again on the very connection each delivery opens (DNS rebinding).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Loopback, private, shared, link-local, multicast, reserved and documentation ranges (RFC 6890 and kin). */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address, if any. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !NOT_PUBLIC.check(ip, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(ip);
  if (v4) return isPublicAddress(v4);
  return !NOT_PUBLIC.check(ip, 'ipv6');
}

export class AddressRefused extends Error {
  constructor(
    readonly code: 'url_refused' | 'url_unresolvable',
    message: string,
  ) {
    super(message);
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/** Every address of `host` (an IP literal is its own), refused when one is not public and local ones are not allowed. */
export async function checkHost(host: string, allowLocal: boolean): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (isIP(bare)) addresses = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addresses = await resolveAll(bare);
    } catch {
      throw new AddressRefused('url_unresolvable', `url: ${bare} does not resolve to an address`);
    }
  }
  if (addresses.length === 0) throw new AddressRefused('url_unresolvable', `url: ${bare} does not resolve to an address`);
  const local = addresses.find((a) => !isPublicAddress(a.address));
  if (local && !allowLocal)
    throw new AddressRefused(
      'url_refused',
      `url: ${bare} resolves to ${local.address}, a loopback, private or link-local address (OUTBOUND_WEBHOOK_ALLOW_LOCAL=true allows it)`,
    );
  return addresses;
}

/** A lookup for http.request that runs the same check on the addresses the connection will use. */
export function checkedLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    checkHost(hostname, allowLocal).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const list = wanted.length > 0 ? wanted : addresses;
        if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err: Error) => callback(Object.assign(err, { code: 'EADDRREFUSED' }) as NodeJS.ErrnoException, '', 0),
    );
  };
}
