// The contract every SMS provider folder exports one object of: its env vars and config, its sender, its
// webhook routes. src/channels/index.ts lists them; config, the channel registry and the webhooks derive
// from that list. Low-level: the routes get plain functions from the composition root, never a service.
import type { Request, RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { DeliveryReport, InboundSms, SmsChannel } from './types.ts';
import type { VoiceAnswer, VoiceCallback } from '../voice/types.ts';

/** Settings every provider may read that config owns: the default webhook key and our own numbers. */
export interface SharedChannelConfig {
  /** AT_WEBHOOK_KEY (generated in embedded mode): the URL key of webhooks without their own. */
  webhookKey: string;
  /** AT_SHORT_CODES: our short codes and numbers (an SMS to another is flagged; we never reply to ours). */
  shortCodes: readonly string[];
}

/** Remembers signatures already accepted; backed by Redis (SET key NX EX ttl) so every web process shares it. */
export interface ReplayGuard {
  /** Records the signature and answers false the first time; true when it was seen within ttlSeconds. */
  seen(signature: string, ttlSeconds: number): Promise<boolean>;
}

/** What a provider's webhook does with what it parsed, bound to its name by the composition root. */
export interface WebhookServices {
  /** Stores an inbound SMS (durably, before the 200); a 503 when the database cannot. */
  receive(sms: InboundSms, flags: string[]): Promise<{ id: string; duplicate: boolean; queued: boolean; answer: string }>;
  /** Applies a delivery report; the answer's text. A message we never sent is a 404 naming `idField`. */
  deliver(report: DeliveryReport, idField: string): Promise<string>;
  /** One callback of a voice call: what to do with the call now (the provider renders it in its markup). */
  voice(callback: VoiceCallback, flags: string[]): Promise<VoiceAnswer>;
  replay: ReplayGuard;
  log: Logger;
}

/** The web layer's one form parser, key check and errors, so a provider speaks HTTP as every other route. */
export interface WebhookHttp {
  form(limits: { bytes: number; fields: number }): RequestHandler;
  /** The form's first value of each field; NUL characters replaced and, with `flags`, flagged. */
  fields(req: Request, flags?: string[]): Record<string, string | undefined>;
  /** Refuses (401) a request without `?key=` equal to `key`. */
  requireKey(key: string): RequestHandler;
  /** A callback we cannot use: a 400 naming its field. */
  invalid(parsed: { field: string; message: string }): Error;
  /** Any other refusal, with its HTTP status and a stable code. */
  refuse(status: number, code: string, message: string, details?: Record<string, unknown>): Error;
}

export interface WebhookContext<C, S> {
  /** Undefined when the provider is not configured (a provider may still take callbacks, as Africa's Talking does). */
  config: C | undefined;
  /** This process's sender for it, when configured and not replaced (tests). */
  sender: S | undefined;
  shared: SharedChannelConfig;
  services: WebhookServices;
  http: WebhookHttp;
}

/**
 * One SMS provider. Methods (not function properties) so providers of different config types share a list.
 * `C` is its frozen config, `S` its sender.
 */
export interface ChannelProvider<C = unknown, S extends SmsChannel = SmsChannel> {
  /** Its name in SMS_CHANNEL and SMS_ROUTES, its sender's name and its webhooks' path (/webhooks/<name>). */
  readonly name: string;
  /** The env vars it owns, merged into config's schema (their errors read like every other variable's). */
  readonly env: z.ZodObject;
  /** Its frozen config from the parsed env, undefined when not configured; throws ChannelConfigError when half-configured. */
  configure(env: Readonly<Record<string, unknown>>, shared: SharedChannelConfig): C | undefined;
  /** What SMS_CHANNEL=<name> needs when it is not configured (refused at start); absent: refused when routed. */
  readonly needs?: string;
  /** Chosen when SMS_CHANNEL is unset and it is configured; otherwise the first provider of the list is. */
  readonly preferred?: boolean;
  createSender(config: C): S | Promise<S>;
  /** Its routes, mounted under /webhooks/<name>; undefined: none in this configuration. */
  webhooks?(context: WebhookContext<C, S>): Router | undefined;
}

/** Types a provider from its env schema: `configure` gets that schema's output. */
export function defineProvider<E extends z.ZodObject, C, S extends SmsChannel>(
  provider: Omit<ChannelProvider<C, S>, 'env' | 'configure'> & {
    env: E;
    configure(env: z.output<E>, shared: SharedChannelConfig): C | undefined;
  },
): ChannelProvider<C, S> {
  return provider as ChannelProvider<C, S>;
}
