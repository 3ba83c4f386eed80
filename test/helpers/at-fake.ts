// Africa's Talking's SMS API faked at the HTTP level with nock (never the internet): each send reaches
// `answer` with its form parameters; local traffic (the gateway under test, PostgreSQL, Redis) passes.
import nock, { type ReplyBody } from 'nock';

export const AT_API = 'https://api.africastalking.com';

export type AtAnswer = [number, unknown];

/** The body AT gives a send it accepted for one number. */
export function atAccepted(to: string, messageId: string) {
  return {
    SMSMessageData: {
      Message: 'Sent to 1/1 Total Cost: XOF 25',
      Recipients: [{ statusCode: 101, number: to, status: 'Success', cost: 'XOF 25', messageId }],
    },
  };
}

/**
 * Starts the fake. `answer` returns the reply (status, body), or undefined after calling `later` itself
 * (a delayed answer: a timeout seen by the channel).
 */
export function fakeAfricasTalking(
  answer: (params: URLSearchParams, headers: Record<string, unknown>, later: (reply: AtAnswer) => void) => AtAnswer | undefined,
): { stop(): void } {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock(AT_API)
    .persist()
    .post('/version1/messaging')
    .reply(function (_uri, body, cb) {
      const reply = answer(new URLSearchParams(body as string), this.req.headers, (late) =>
        cb(null, late as [number, ReplyBody]),
      );
      if (reply) cb(null, reply as [number, ReplyBody]);
    });
  return {
    stop() {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
