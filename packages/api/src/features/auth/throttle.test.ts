import { describe, expect, it } from 'vitest';
import { accountKey, addressKey } from './throttle.ts';

describe('addressKey', () => {
  it('keeps an IPv4 address as it is, and reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::FFFF:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address by its /64 network, however it is written', () => {
    const key = '2001:db8:85a3:8d3::/64';
    expect(addressKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe(key);
    expect(addressKey('2001:0db8:85a3:08d3::1')).toBe(key);
    expect(addressKey('2001:DB8:85A3:8D3:ffff::')).toBe(key);
    expect(addressKey('2001:db8:85a3:8d3::1%eth0')).toBe(key);
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('2001:db8:85a3:8d4::1')).not.toBe(key);
  });

  it('leaves anything else as it came (a test harness address, say)', () => {
    expect(addressKey('unknown')).toBe('unknown');
  });
});

describe('accountKey', () => {
  const secret = Buffer.alloc(32, 7);
  it('is the same for the same address however it was typed, and differs by key and address', () => {
    expect(accountKey(secret, ' Intake@Example.org ')).toBe(accountKey(secret, 'intake@example.org'));
    expect(accountKey(secret, 'intake@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(accountKey(secret, 'intake@example.org')).not.toBe(accountKey(secret, 'intake@example.com'));
    expect(accountKey(Buffer.alloc(32, 8), 'intake@example.org')).not.toBe(
      accountKey(secret, 'intake@example.org'),
    );
  });
});
