import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SendError } from '../types.ts';
import { createAfricasTalkingChannel } from './send.ts';

const AT = 'https://api.africastalking.com';
const PATH = '/version1/messaging';
const sms = { to: '+22376123421', text: 'I ka kɛnɛ wa? Réunion à 10h' };

const recipient = (statusCode: number, status: string, messageId: string, cost = 'KES 0.8000') => ({
  SMSMessageData: {
    Message: `Sent to ${statusCode < 200 ? 1 : 0}/1 Total Cost: ${cost}`,
    Recipients: [{ statusCode, number: sms.to, status, cost, messageId }],
  },
});

// Username is not 'sandbox': that would repoint the SDK at the sandbox for the whole process.
const channel = createAfricasTalkingChannel({ username: 'sabali-test', apiKey: 'test-key-123', timeoutMs: 200 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('createAfricasTalkingChannel().send', () => {
  it('posts username, to, message and the apiKey header, and returns the messageId', async () => {
    let posted: Record<string, string> = {};
    const scope = nock(AT)
      .matchHeader('apikey', 'test-key-123')
      .matchHeader('accept', 'application/json')
      .post(PATH, (body: Record<string, string>) => {
        posted = body;
        return true;
      })
      .reply(201, recipient(101, 'Success', 'ATXid_3f9d0b7c2a6e41d5a0c7e19b6d24f8aa'));

    await expect(channel.send(sms)).resolves.toEqual({
      providerMessageId: 'ATXid_3f9d0b7c2a6e41d5a0c7e19b6d24f8aa',
      providerStatus: 'Success',
    });
    expect(posted).toEqual({ username: 'sabali-test', to: '+22376123421', message: sms.text, bulkSMSMode: '1' });
    expect(scope.isDone()).toBe(true);
  });

  it('sends from the configured sender ID', async () => {
    let posted: Record<string, string> = {};
    nock(AT)
      .post(PATH, (body: Record<string, string>) => ((posted = body), true))
      .reply(201, recipient(102, 'Queued', 'ATXid_q'));
    const branded = createAfricasTalkingChannel({ username: 'sabali-test', apiKey: 'k', from: 'SABALI' });
    await expect(branded.send(sms)).resolves.toEqual({ providerMessageId: 'ATXid_q', providerStatus: 'Queued' });
    expect(posted.from).toBe('SABALI');
  });

  it.each<[string, number, unknown, string, string, string | undefined]>([
    // name, HTTP status, body, expected code, expected kind, expected providerStatus
    [
      "refused number ('None' messageId)",
      201,
      recipient(403, 'InvalidPhoneNumber', 'None', '0'),
      'InvalidPhoneNumber',
      'permanent',
      'InvalidPhoneNumber',
    ],
    [
      'credit used up',
      201,
      recipient(405, 'InsufficientBalance', 'None', '0'),
      'InsufficientBalance',
      'channel',
      'InsufficientBalance',
    ],
    [
      'opted-out recipient',
      201,
      recipient(406, 'UserInBlacklist', 'None', '0'),
      'UserInBlacklist',
      'permanent',
      'UserInBlacklist',
    ],
    [
      'no route (expected for Mali)',
      201,
      recipient(407, 'CouldNotRoute', 'None', '0'),
      'CouldNotRoute',
      'channel',
      'CouldNotRoute',
    ],
    [
      'Nigeria DND window, JSON on HTTP 409',
      409,
      recipient(409, 'DoNotDisturbRejection', 'None', '0'),
      'DoNotDisturbRejection',
      'retryable',
      'DoNotDisturbRejection',
    ],
    ['throttled', 429, 'Too Many Requests', 'http_429', 'throttled', undefined],
    ['AT-side error, text body', 500, 'Internal Server Error', 'http_500', 'retryable', undefined],
    ['gateway error', 502, '<html>Bad Gateway</html>', 'http_502', 'retryable', undefined],
    ['bad API key', 401, 'The supplied authentication is invalid', 'http_401', 'channel', undefined],
    ['API key of a disabled app', 403, 'Forbidden', 'http_403', 'channel', undefined],
    ['held by risk checks', 201, recipient(401, 'RiskHold', 'None', '0'), 'RiskHold', 'channel', 'RiskHold'],
    ['a request AT cannot read', 400, 'Bad Request', 'http_400', 'permanent', undefined],
    [
      'unregistered sender, no recipients',
      201,
      { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } },
      'InvalidSenderId',
      'channel',
      'InvalidSenderId',
    ],
    ['201 with a body we cannot read', 201, 'OK', 'unexpected_response', 'permanent', undefined],
    ['unknown per-recipient code', 201, recipient(499, 'Mystery', 'None'), 'unexpected_response', 'permanent', 'Mystery'],
  ])('%s → SendError %s', async (_name, status, body, code, kind, providerStatus) => {
    nock(AT)
      .post(PATH)
      .reply(status, body as nock.Body);
    const error = await channel.send(sms).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ code, kind, providerStatus });
  });

  it('counts a recipient accepted on HTTP 200 as sent (the SDK rejects it; retrying would send twice)', async () => {
    nock(AT)
      .post(PATH)
      .reply(200, recipient(101, 'Success', 'ATXid_200'));
    await expect(channel.send(sms)).resolves.toEqual({ providerMessageId: 'ATXid_200', providerStatus: 'Success' });
  });

  it("stores a 'None' messageId on an accepted recipient as null", async () => {
    nock(AT)
      .post(PATH)
      .reply(201, recipient(100, 'Processed', 'None'));
    await expect(channel.send(sms)).resolves.toEqual({ providerMessageId: null, providerStatus: 'Processed' });
  });

  it('turns a dropped connection into a retryable network error', async () => {
    // nock 14 needs an Error instance here: a plain object leaves the request hanging (nock/nock#2789).
    nock(AT)
      .post(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'network', kind: 'retryable' });
  });

  it('gives up on a slow answer with a retryable timeout', async () => {
    nock(AT)
      .post(PATH)
      .delay(2_000)
      .reply(201, recipient(101, 'Success', 'ATXid_late'));
    const started = Date.now();
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'timeout', kind: 'retryable' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it.each(['+456', '76123421', 'MTN'])('refuses %j, which the SDK cannot validate, without calling AT', async (to) => {
    await expect(channel.send({ to, text: 'x' })).rejects.toMatchObject({ code: 'InvalidPhoneNumber', kind: 'permanent' });
  });

  it('never reaches the internet', async () => {
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'network', kind: 'retryable' });
  });
});
