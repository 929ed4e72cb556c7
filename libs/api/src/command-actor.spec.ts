import { SYSTEM_ACTOR } from '@jobstream/audit';
import { actorOf } from './command-actor';

const USER = '0190a5b1-3c4d-7e8f-9a0b-1c2d3e4f5a6b';

describe(actorOf.name, () => {
  it('reads the actor, client and request from the headers', () => {
    const actor = actorOf({ 'x-actor-id': USER, 'x-client-ip': '203.0.113.7', 'x-user-agent': 'curl/8.5', 'x-correlation-id': 'req-1' });

    expect(actor).toEqual({ userId: USER, ipAddress: '203.0.113.7', userAgent: 'curl/8.5', requestId: 'req-1' });
  });

  it('is the system for a command without headers', () => {
    expect(actorOf(undefined)).toEqual(SYSTEM_ACTOR);
  });

  it('drops malformed parts, cuts a long user agent and falls back to the command\'s correlation id', () => {
    const actor = actorOf({ 'x-actor-id': 'admin', 'x-client-ip': '10.0.0.300', 'x-user-agent': 'a'.repeat(2_000) }, { correlationId: 'cmd-7' });

    expect(actor).toEqual({ userId: null, ipAddress: null, userAgent: 'a'.repeat(512), requestId: 'cmd-7' });
  });

  it('keeps a scoped IPv6 address without its zone, which PostgreSQL cannot store', () => {
    expect(actorOf({ 'x-client-ip': 'fe80::1%eth0' }).ipAddress).toBe('fe80::1');
  });
});
