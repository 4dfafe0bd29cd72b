import { isIPv4, isIPv6 } from 'node:net';

/**
 * The rate-limit key of a client address (req.ip, which honours TRUST_PROXY). IPv4 counts per
 * address. An IPv6 client usually holds a whole /64, so counting per address would hand it 2^64
 * budgets: it counts per /64. IPv4-mapped IPv6 (::ffff:192.0.2.1) is the IPv4 address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [address = ''] = ip.toLowerCase().split('%'); // a zone id names an interface, not a client
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups].map((group) => group.padStart(4, '0'));
  return `${groups.slice(0, 4).join(':')}::/64`;
}
