/**
 * Where a webhook may be delivered: public unicast addresses only. A filer's URL must not reach
 * the server's own ports, the private network, link-local services such as cloud metadata
 * (169.254.169.254, fd00:ec2::254), carrier-grade NAT or anything reserved. IPv4 written inside
 * IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is judged as the IPv4
 * address it carries. Pure: the adapter resolves names and asks here (docs/security.md).
 */

/** Why an address is refused, or null when it is public. */
export type AddressVerdict = string | null;

const V4_REFUSED: readonly [number, number, string][] = [
  [0x00000000, 8, 'this network (0.0.0.0/8)'],
  [0x0a000000, 8, 'private (10.0.0.0/8)'],
  [0x64400000, 10, 'carrier-grade NAT (100.64.0.0/10)'],
  [0x7f000000, 8, 'loopback (127.0.0.0/8)'],
  [0xa9fe0000, 16, 'link-local or cloud metadata (169.254.0.0/16)'],
  [0xac100000, 12, 'private (172.16.0.0/12)'],
  [0xc0000000, 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [0xc0000200, 24, 'documentation (192.0.2.0/24)'],
  [0xc0586300, 24, '6to4 relay anycast (192.88.99.0/24)'],
  [0xc0a80000, 16, 'private (192.168.0.0/16)'],
  [0xc6120000, 15, 'benchmarking (198.18.0.0/15)'],
  [0xc6336400, 24, 'documentation (198.51.100.0/24)'],
  [0xcb007100, 24, 'documentation (203.0.113.0/24)'],
  [0xe0000000, 4, 'multicast (224.0.0.0/4)'],
  [0xf0000000, 4, 'reserved (240.0.0.0/4)'],
];

/** The 32-bit value of a dotted IPv4 address, or null. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v;
}

/** The eight 16-bit groups of an IPv6 address (zone and brackets removed), or null. */
export function parseIpv6(text: string): number[] | null {
  let t = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const lastColon = t.lastIndexOf(':');
  if (lastColon === -1) return null;
  if (t.includes('.', lastColon)) {
    // a.b.c.d as the last 32 bits: written as two groups.
    const v4 = parseIpv4(t.slice(lastColon + 1));
    if (v4 === null) return null;
    t = `${t.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const group = (s: string) => (s === '' ? [] : s.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) return null;
  if (halves.length === 2 && head.length + rest.length > 7) return null;
  const groups = [...head, ...Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  const out: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

function v4Verdict(v: number): AddressVerdict {
  if (v === 0xffffffff) return 'broadcast (255.255.255.255)';
  for (const [base, bits, why] of V4_REFUSED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((v & mask) >>> 0 === base) return why;
  }
  return null;
}

function v6Verdict(g: readonly number[]): AddressVerdict {
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  const v4 = ((g[6]! << 16) >>> 0) + g[7]!;
  if (zeroUntil(8)) return 'unspecified (::)';
  if (zeroUntil(7) && g[7] === 1) return 'loopback (::1)';
  // IPv4 carried in IPv6: mapped, compatible (deprecated), NAT64, 6to4.
  if (zeroUntil(5) && g[5] === 0xffff) return v4Verdict(v4);
  if (zeroUntil(6)) return v4Verdict(v4);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Verdict(v4);
  if (g[0] === 0x2002) return v4Verdict(((g[1]! << 16) >>> 0) + g[2]!);
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((first & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((first & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)';
  if ((first & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation (2001:db8::/32)';
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'discard (100::/64)';
  return null;
}

/**
 * Why a literal IP address may not be a webhook target ("loopback (127.0.0.0/8)"…), or null when
 * it is a public address. Anything that is not an IP address is refused too.
 */
export function refusedAddress(address: string): AddressVerdict {
  const v4 = parseIpv4(address);
  if (v4 !== null) return v4Verdict(v4);
  const v6 = parseIpv6(address);
  if (v6 !== null) return v6Verdict(v6);
  return 'not an IP address';
}

/** Whether a URL's host is an IP literal (brackets allowed), as URL.hostname gives it. */
export const isIpLiteral = (host: string): boolean =>
  parseIpv4(host) !== null || (host.includes(':') && parseIpv6(host) !== null);

/** The operator's allow list: host names or addresses that are delivered to whatever they resolve to. */
export function allowListed(host: string, allow: readonly string[]): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return allow.some((a) => a.replace(/^\[|\]$/g, '').toLowerCase() === h);
}
