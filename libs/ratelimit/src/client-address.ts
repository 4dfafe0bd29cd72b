import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is rate limited under, or undefined when `ip` is not an IP address. The
 * user service limits failed logins per address with it, the gateway every request.
 *
 * IPv4 addresses count one by one. An IPv6 client usually holds a whole /64 (one subnet per home
 * or VM), so counting per address would give it 2^64 fresh budgets; it counts per /64 instead.
 * IPv4-mapped IPv6 (::ffff:192.0.2.1) is the IPv4 address.
 */
export function rateLimitAddress(ip: string): string | undefined {
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return undefined;
  const groups = expandIPv6(ip.toLowerCase());
  if (groups.slice(0, 5).every((group) => group === '0000') && groups[5] === 'ffff') {
    return [...Buffer.from(groups.slice(6).join(''), 'hex')].join('.');
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 4-digit groups of a valid IPv6 address (zone id dropped, dotted IPv4 tail converted). */
function expandIPv6(ip: string): string[] {
  let [address = ''] = ip.split('%');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    address = address.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => group.padStart(4, '0'));
}
