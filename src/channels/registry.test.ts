import { describe, expect, it } from 'vitest';
import { ChannelConfigError, channelsFor, createChannelRegistry, parseChannelRoutes, type ChannelRoutes } from './registry.ts';
import { SendError, type SmsChannel } from './types.ts';

const CHANNELS = ['simulator', 'africastalking', 'simgateway', 'orange'];
const PURPOSES = ['alert', 'receipt', 'help', 'reply'];
const parse = (spec: string) => parseChannelRoutes(spec, { channels: CHANNELS, purposes: PURPOSES });

describe('parseChannelRoutes', () => {
  it.each<[string, ChannelRoutes]>([
    [
      'alert=simgateway,orange;receipt=orange;default=simulator',
      { default: ['simulator'], purposes: { alert: ['simgateway', 'orange'], receipt: ['orange'] } },
    ],
    [
      ' alert = simgateway , orange ; default = orange ; ',
      { default: ['orange'], purposes: { alert: ['simgateway', 'orange'] } },
    ],
    ['DEFAULT=Orange', { default: ['orange'], purposes: {} }],
    ['orange', { default: ['orange'], purposes: {} }], // the old single-channel setting
    ['simgateway,orange', { default: ['simgateway', 'orange'], purposes: {} }],
    [
      'default=simgateway,orange,africastalking;help=simulator',
      { default: ['simgateway', 'orange', 'africastalking'], purposes: { help: ['simulator'] } },
    ],
  ])('%j', (spec, expected) => {
    expect(parse(spec)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', /is empty; expected e\.g\. 'alert=simgateway,orange;default=simulator'/],
    ['  ', /is empty/],
    ['alert=orange', /has no default; add e\.g\. ';default=simulator'/],
    ['alert=orange;default', /'default' should read purpose=channel\[,channel…\]/],
    ['=orange;default=orange', /'=orange' has no valid purpose/],
    ['alrt=orange;default=orange', /unknown purpose 'alrt'; expected one of alert, receipt, help, reply, default/],
    [
      'alert=orang;default=orange',
      /unknown channel 'orang' for 'alert'; expected one of simulator, africastalking, simgateway, orange/,
    ],
    ['alert=;default=orange', /'alert' lists no channel/],
    ['alert=orange,,simgateway;default=orange', /'alert' has an empty or invalid channel name/],
    ['alert=orange,orange;default=orange', /channel 'orange' is listed twice for 'alert'/],
    ['alert=orange;alert=simgateway;default=orange', /purpose 'alert' is listed twice/],
    ['default=orange;default=simulator', /purpose 'default' is listed twice/],
    ['orange;simgateway', /'orange' should read purpose=channel/],
  ])('refuses %j', (spec, message) => {
    expect(() => parse(spec)).toThrow(ChannelConfigError);
    expect(() => parse(spec)).toThrow(message);
  });

  it('accepts any well-formed name when no lists are given', () => {
    expect(parseChannelRoutes('broadcast=httpsms;default=x')).toEqual({ default: ['x'], purposes: { broadcast: ['httpsms'] } });
  });

  it('hands back a frozen object', () => {
    const routes = parse('alert=orange;default=simulator');
    expect(Object.isFrozen(routes) && Object.isFrozen(routes.purposes) && Object.isFrozen(routes.default)).toBe(true);
  });

  it.each([
    ['alert', ['simgateway', 'orange']],
    ['receipt', ['orange']],
    ['reply', ['simulator']], // no line of its own: the default
    ['toString', ['simulator']], // not fooled by Object.prototype
  ])('channelsFor(%s) → %j', (purpose, expected) => {
    expect(channelsFor(parse('alert=simgateway,orange;receipt=orange;default=simulator'), purpose)).toEqual(expected);
  });
});

describe('createChannelRegistry', () => {
  const fake = (name: string, fail = false): SmsChannel => ({
    name,
    async send() {
      if (fail) throw new SendError('down', 'retryable');
      return { providerMessageId: `${name}-id`, providerStatus: 'Accepted' };
    },
  });
  const available = { simulator: fake('simulator'), simgateway: fake('simgateway', true), orange: fake('orange') };
  const routes = parse('alert=simgateway,orange;receipt=orange;default=simulator');

  it('gives each purpose its channel, with failover where several are listed', async () => {
    const registry = createChannelRegistry(routes, available, { failoverAfterMs: 0 });
    expect(registry.forPurpose('receipt')).toBe(available.orange);
    expect(registry.forPurpose('reply')).toBe(available.simulator);
    const alert = registry.forPurpose('alert');
    expect(alert.name).toBe('simgateway');
    expect(registry.forPurpose('alert')).toBe(alert);
    await expect(alert.send({ to: '+22376123421', text: 'x', key: 'k' })).resolves.toMatchObject({ channel: 'orange' });
  });

  it('refuses at start a route to a channel that is not configured', () => {
    expect(() =>
      createChannelRegistry(parse('alert=africastalking;default=simulator'), available, { failoverAfterMs: 0 }),
    ).toThrow(/channel 'africastalking' is routed but not configured/);
  });
});
