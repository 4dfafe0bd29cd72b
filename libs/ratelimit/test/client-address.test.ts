import { describe, expect, it } from 'vitest';
import { rateLimitAddress } from '../src';

describe('the address a login is rate limited under', () => {
  it.each([
    ['an IPv4 address', '192.0.2.7', '192.0.2.7'],
    ['an IPv4-mapped IPv6 address', '::ffff:192.0.2.7', '192.0.2.7'],
    ['an IPv6 address, by its /64', '2001:db8:1:2:aaaa::1', '2001:0db8:0001:0002::/64'],
    ['another address in the same /64', '2001:DB8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002::/64'],
    ['a link-local address with a zone', 'fe80::1%eth0', 'fe80:0000:0000:0000::/64'],
  ])('is %s', (_, ip, key) => {
    expect(rateLimitAddress(ip)).toBe(key);
  });

  it.each(['', 'gateway', '10.0.0.256', '2001:db8:::1', '10.0.0.1/8'])('is none for %j', (ip) => {
    expect(rateLimitAddress(ip)).toBeUndefined();
  });
});

describe('the address a gateway request is rate limited under', () => {
  it('counts IPv4 per address, IPv4-mapped IPv6 as IPv4, and IPv6 per /64', () => {
    expect(rateLimitAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitAddress('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(rateLimitAddress('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
  });
});
