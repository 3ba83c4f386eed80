// Which channels send which kind of message: parses 'alert=simgateway,orange;receipt=orange;default=simulator' and builds one channel per purpose (with failover when several are listed).
import { createFailoverChannel, type FailoverOptions } from './failover.ts';
import type { SmsChannel } from './types.ts';
import type { SimGatewayChannel } from './android-sms-gateway/send.ts';

/** What a process sends through: the per-purpose registry, each configured provider's sender, and the SIM gateway phones when configured. */
export interface Channels {
  registry: ChannelRegistry;
  /** By provider name; empty when a test replaced every channel by one. */
  senders: Readonly<Record<string, SmsChannel>>;
  simGateway: SimGatewayChannel | undefined;
}

export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
  readonly code = 'invalid_channel_config';
}

export interface ChannelRoutes {
  /** For any purpose without a line of its own. */
  readonly default: readonly string[];
  /** Purpose → channels in order: the first sends, the others take over on failover. */
  readonly purposes: Readonly<Record<string, readonly string[]>>;
}

export interface ParseRoutesOptions {
  /** Channel names that exist; others are refused. */
  channels?: readonly string[];
  /** Purposes that exist ('alert', 'receipt', …); others are refused. 'default' is always allowed. */
  purposes?: readonly string[];
}

const NAME = /^[a-z][a-z0-9_-]*$/;

/**
 * Parses `purpose=channel[,channel…]` lines separated by ';'. A spec without '=' or ';' is the default list
 * alone ('orange' or 'simgateway,orange'). Spaces are ignored; a 'default' line is required.
 */
export function parseChannelRoutes(spec: string, options: ParseRoutesOptions = {}): ChannelRoutes {
  const text = spec.trim();
  if (text === '') throw fail(`is empty; expected e.g. 'alert=simgateway,orange;default=simulator'`);
  const lines = text.includes('=') || text.includes(';') ? text.split(';') : [`default=${text}`];
  const purposes: Record<string, readonly string[]> = {};
  let fallback: readonly string[] | undefined;

  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue; // a trailing ';'
    const eq = line.indexOf('=');
    if (eq < 0) throw fail(`'${line}' should read purpose=channel[,channel…]`);
    const purpose = line.slice(0, eq).trim().toLowerCase();
    if (!NAME.test(purpose)) throw fail(`'${line}' has no valid purpose before '='`);
    if (purpose !== 'default' && options.purposes && !options.purposes.includes(purpose)) {
      throw fail(`unknown purpose '${purpose}'; expected one of ${[...options.purposes, 'default'].join(', ')}`);
    }
    if (purpose === 'default' ? fallback !== undefined : purpose in purposes) throw fail(`purpose '${purpose}' is listed twice`);

    const names = line
      .slice(eq + 1)
      .split(',')
      .map((name) => name.trim().toLowerCase());
    if (names.every((name) => name === '')) throw fail(`'${purpose}' lists no channel`);
    const seen = new Set<string>();
    for (const name of names) {
      if (!NAME.test(name)) throw fail(`'${purpose}' has an empty or invalid channel name in '${line}'`);
      if (options.channels && !options.channels.includes(name)) {
        throw fail(`unknown channel '${name}' for '${purpose}'; expected one of ${options.channels.join(', ')}`);
      }
      if (seen.has(name)) throw fail(`channel '${name}' is listed twice for '${purpose}'`);
      seen.add(name);
    }
    if (purpose === 'default') fallback = names;
    else purposes[purpose] = names;
  }
  if (!fallback) throw fail(`has no default; add e.g. ';default=simulator'`);
  return Object.freeze({ default: Object.freeze(fallback), purposes: Object.freeze(purposes) });
}

/** The ordered channel names for a purpose: its own line, else the default. */
export function channelsFor(routes: ChannelRoutes, purpose: string): readonly string[] {
  return Object.hasOwn(routes.purposes, purpose) ? (routes.purposes[purpose] as readonly string[]) : routes.default;
}

export interface ChannelRegistry {
  /** The channel that sends this purpose (a failover wrapper when several are listed). Same object on every call. */
  forPurpose(purpose: string): SmsChannel;
}

/** Wires parsed routes to built channels; refuses at start a route naming a channel that was not built. */
export function createChannelRegistry(
  routes: ChannelRoutes,
  available: Readonly<Record<string, SmsChannel>>,
  failover: FailoverOptions,
): ChannelRegistry {
  const built = new Map<string, SmsChannel>();
  const build = (names: readonly string[]): SmsChannel => {
    const id = names.join(',');
    const existing = built.get(id);
    if (existing) return existing;
    const channels = names.map((name) => {
      const channel = Object.hasOwn(available, name) ? available[name] : undefined;
      if (!channel) throw fail(`channel '${name}' is routed but not configured`);
      return channel;
    });
    const channel = channels.length === 1 ? (channels[0] as SmsChannel) : createFailoverChannel(channels, failover);
    built.set(id, channel);
    return channel;
  };
  build(routes.default);
  for (const names of Object.values(routes.purposes)) build(names);
  return { forPurpose: (purpose) => build(channelsFor(routes, purpose)) };
}

function fail(detail: string): ChannelConfigError {
  return new ChannelConfigError(`channel routes ${detail}`);
}
