import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrangeChannel } from './send.ts';

const ORANGE = 'https://api.orange.com';
const SENDER = 'tel:+22370000000';
const PATH = `/smsmessaging/v1/outbound/${encodeURIComponent(SENDER)}/requests`; // tel%3A%2B22370000000
const sms = { to: '+22376123421', text: 'Alerte A7K2Q: tension foncière à Djenné, grave. Répondre OK A7K2Q' };

const token = (value: string) =>
  nock(ORANGE).post('/oauth/v3/token').reply(200, { token_type: 'Bearer', access_token: value, expires_in: '3600' });
const created = (id: string) => ({
  outboundSMSMessageRequest: {
    address: ['tel:+22376123421'],
    senderAddress: SENDER,
    outboundSMSTextMessage: { message: sms.text },
    resourceURL: `${ORANGE}/smsmessaging/v1/outbound/tel%3A%2B22370000000/requests/${id}`,
  },
});
const serviceError = (messageId: string, text: string) => ({
  requestError: { serviceException: { messageId, text, variables: 'address' } },
});
const policyError = (messageId: string, text: string) => ({ requestError: { policyException: { messageId, text } } });
const channelWith = (extra: Partial<Parameters<typeof createOrangeChannel>[0]> = {}) =>
  createOrangeChannel({ clientId: 'client-id', clientSecret: 'client-secret', senderAddress: SENDER, timeoutMs: 300, ...extra });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('createOrangeChannel().send', () => {
  it('posts the OneAPI request with the bearer token to the urlencoded sender path and returns the request id', async () => {
    token('tok-1');
    let posted: unknown;
    const scope = nock(ORANGE)
      .matchHeader('authorization', 'Bearer tok-1')
      .post(PATH, (body: unknown) => ((posted = body), true))
      .reply(201, created('00JZM14316777526Z1010111109'));
    await expect(channelWith({ senderName: 'SABALI' }).send(sms)).resolves.toEqual({
      providerMessageId: '00JZM14316777526Z1010111109',
      providerStatus: 'Created',
    });
    expect(posted).toEqual({
      outboundSMSMessageRequest: {
        address: 'tel:+22376123421',
        senderAddress: SENDER,
        senderName: 'SABALI',
        outboundSMSTextMessage: { message: sms.text },
      },
    });
    expect(scope.isDone()).toBe(true);
  });

  it("asks for a receipt with our key as callbackData, and keeps Orange's request id (a receipt without callbackData names it)", async () => {
    token('tok-1');
    let posted: { outboundSMSMessageRequest?: { receiptRequest?: unknown } } = {};
    nock(ORANGE)
      .post(PATH, (body: typeof posted) => ((posted = body), true))
      .reply(201, created('req-42'));
    await expect(channelWith().send({ ...sms, key: 'outbound-1' })).resolves.toEqual({
      providerMessageId: 'req-42',
      providerStatus: 'Created',
    });
    expect(posted.outboundSMSMessageRequest?.receiptRequest).toEqual({ callbackData: 'outbound-1' });
    // OneAPI's clientCorrelator: Orange does not send a second request carrying the same one.
    expect((posted.outboundSMSMessageRequest as { clientCorrelator?: unknown } | undefined)?.clientCorrelator).toBe('outbound-1');
  });

  it('takes SVC0005 (our clientCorrelator seen before) as the message already accepted, under our id', async () => {
    token('tok-1');
    nock(ORANGE).post(PATH).reply(400, serviceError('SVC0005', 'Duplicate client correlator %1'));
    await expect(channelWith().send({ ...sms, key: 'outbound-1' })).resolves.toEqual({
      providerMessageId: 'outbound-1',
      providerStatus: 'SVC0005',
    });
    expect(channelWith().deduplicates).toBe(true);
  });

  it('reuses one token for several sends', async () => {
    const tokenScope = nock(ORANGE).post('/oauth/v3/token').once().reply(200, { access_token: 'tok-1', expires_in: 3600 });
    nock(ORANGE).post(PATH).times(3).reply(201, created('r'));
    const channel = channelWith();
    for (let i = 0; i < 3; i++) await channel.send(sms);
    expect(tokenScope.isDone()).toBe(true);
  });

  it('renews the token once on a 401 and resends', async () => {
    token('expired');
    token('fresh');
    nock(ORANGE).post(PATH).matchHeader('authorization', 'Bearer expired').reply(401, {
      code: 42,
      message: 'Expired credentials',
      description: 'The requested service needs credentials, and the ones provided were out-of-date.',
    });
    nock(ORANGE).post(PATH).matchHeader('authorization', 'Bearer fresh').reply(201, created('after-renewal'));
    await expect(channelWith().send(sms)).resolves.toMatchObject({ providerMessageId: 'after-renewal' });
  });

  it('gives up with a channel error (failover moves on) when a fresh token is refused too', async () => {
    token('a');
    token('b');
    nock(ORANGE).post(PATH).twice().reply(401, { code: 41, message: 'Invalid credentials' });
    await expect(channelWith().send(sms)).rejects.toMatchObject({ code: 'orange_unauthorized', kind: 'channel' });
  });

  it.each<[string, number, unknown, string, string]>([
    // name, HTTP status, body, expected code, expected kind
    [
      'a refused recipient',
      400,
      serviceError('SVC0004', 'No valid addresses provided in message part %1'),
      'SVC0004',
      'permanent',
    ],
    ['invalid input', 400, serviceError('SVC0002', 'Invalid input value for message part %1'), 'SVC0002', 'permanent'],
    [
      'a message too long',
      400,
      serviceError('SVC0280', 'Message too long. Maximum length is %1 characters'),
      'SVC0280',
      'permanent',
    ],
    [
      'a service error at Orange',
      400,
      serviceError('SVC0001', 'A service error occurred. Error code is %1'),
      'SVC0001',
      'retryable',
    ],
    ['an SMS bundle used up', 403, policyError('POL0001', 'A policy error occurred. Error code is %1'), 'POL0001', 'channel'],
    ['too many addresses', 403, policyError('POL0003', 'Too many addresses specified in message part'), 'POL0003', 'permanent'],
    [
      'an unknown policy error (vusion capture)',
      400,
      policyError('POL1102', 'SMS Bunch ASP Control (...)'),
      'POL1102',
      'permanent',
    ],
    ['a policy error on a 5xx', 503, policyError('POL9999', 'later'), 'POL9999', 'retryable'],
    [
      'a rate limit with a body',
      429,
      policyError('POL3003', 'Maximum Transactions per Interval Exceeded'),
      'POL3003',
      'throttled',
    ],
    ['a rate limit from the API gateway', 429, { code: 53, message: 'Too many requests' }, 'http_429', 'throttled'],
    ['a gateway error page', 502, '<html>Bad Gateway</html>', 'http_502', 'retryable'],
    ['an unknown resource', 404, { code: 60, message: 'Resource not found' }, 'http_404', 'channel'],
    ['a forbidden app', 403, 'Forbidden', 'http_403', 'channel'],
    ['a request Orange cannot read', 400, 'Bad Request', 'http_400', 'permanent'],
  ])('maps %s to a SendError', async (_name, status, body, code, kind) => {
    token('tok');
    nock(ORANGE)
      .post(PATH)
      .reply(status, body as nock.Body);
    await expect(channelWith().send(sms)).rejects.toMatchObject({ name: 'SendError', code, kind });
  });

  it('keeps the provider error id as providerStatus', async () => {
    token('tok');
    nock(ORANGE).post(PATH).reply(400, serviceError('SVC0004', 'No valid addresses'));
    await expect(channelWith().send(sms)).rejects.toMatchObject({
      providerStatus: 'SVC0004',
      message: expect.stringContaining('No valid addresses'),
    });
  });

  it.each<[string, unknown]>([
    ['no resourceURL', { outboundSMSMessageRequest: { senderAddress: SENDER } }],
    ['an empty body', ''],
  ])('accepts a 201 with %s, with no provider id', async (_name, body) => {
    token('tok');
    nock(ORANGE)
      .post(PATH)
      .reply(201, body as nock.Body);
    await expect(channelWith().send(sms)).resolves.toEqual({ providerMessageId: null, providerStatus: 'Created' });
  });

  it('turns a dropped connection into a retryable network error', async () => {
    token('tok');
    nock(ORANGE)
      .post(PATH)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await expect(channelWith().send(sms)).rejects.toMatchObject({ code: 'network', kind: 'retryable' });
  });

  it('gives up on a slow answer with a retryable timeout', async () => {
    token('tok');
    nock(ORANGE).post(PATH).delay(2_000).reply(201, created('late'));
    const started = Date.now();
    await expect(channelWith().send(sms)).rejects.toMatchObject({ code: 'timeout', kind: 'retryable' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('fails the send with the token error when Orange refuses our credentials', async () => {
    nock(ORANGE).post('/oauth/v3/token').reply(401, { error: 'invalid_client' });
    await expect(channelWith().send(sms)).rejects.toMatchObject({ code: 'orange_auth_failed', kind: 'channel' });
  });

  it('talks to a configured base URL (a local fake or a proxy)', async () => {
    nock('http://orange.test:8080').post('/oauth/v3/token').reply(200, { access_token: 't', expires_in: '3600' });
    nock('http://orange.test:8080').post(PATH).reply(201, created('local'));
    await expect(channelWith({ baseUrl: 'http://orange.test:8080/' }).send(sms)).resolves.toMatchObject({
      providerMessageId: 'local',
    });
  });

  it.each(['76123421', 'MTN', '+'])('refuses %j without calling Orange', async (to) => {
    await expect(channelWith().send({ to, text: 'x' })).rejects.toMatchObject({ code: 'InvalidPhoneNumber', kind: 'permanent' });
  });

  it.each(['+22370000000', ' tel:+22370000000 '])('accepts the sender address %j', (senderAddress) => {
    expect(() => channelWith({ senderAddress })).not.toThrow();
  });

  it.each(['22370000000', 'SABALI', ''])('refuses the sender address %j at start', (senderAddress) => {
    expect(() => channelWith({ senderAddress })).toThrow(/senderAddress/);
  });

  it('never reaches the internet', async () => {
    await expect(channelWith().send(sms)).rejects.toMatchObject({ code: 'network', kind: 'retryable' });
  });
});
