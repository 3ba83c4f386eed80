// Types for the part of the CommonJS `africastalking` SDK 0.8.3 (no bundled types) that send.ts uses.
declare module 'africastalking' {
  namespace AfricasTalking {
    interface Options {
      username: string;
      apiKey: string;
      format?: 'json' | 'xml';
    }
    interface SmsSendParams {
      /** One number or several (the SDK joins them into one request). */
      to: string | string[];
      message: string;
      from?: string;
      enqueue?: boolean;
    }
    interface SmsRecipient {
      statusCode: number;
      number: string;
      status: string;
      cost: string;
      /** The literal 'None' when the number was refused. */
      messageId: string;
    }
    interface SmsSendResponse {
      SMSMessageData: { Message: string; Recipients: SmsRecipient[] };
    }
    interface Client {
      SMS: {
        /** Resolves only on HTTP 201; rejects with the raw body on other 2xx, with an AxiosError otherwise. */
        send(params: SmsSendParams): Promise<SmsSendResponse>;
      };
    }
  }
  /** Throws synchronously (a Joi error) when username or apiKey is missing. */
  function AfricasTalking(options: AfricasTalking.Options): AfricasTalking.Client;
  export = AfricasTalking;
}
