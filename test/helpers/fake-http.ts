// A local HTTP server standing in for a provider (SIM gateway phone, Orange): records requests and
// answers with whatever the test scripts. Port 0 on 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (
  req: Recorded,
) => { status: number; json?: unknown; text?: string } | Promise<{ status: number; json?: unknown; text?: string }>;

export interface FakeServer {
  url: string;
  requests: Recorded[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startFakeServer(respond: Responder): Promise<FakeServer> {
  const fake: FakeServer = { url: '', requests: [], respond, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rec: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fake.requests.push(rec);
      const answer = await fake.respond(rec);
      res.writeHead(answer.status, { 'content-type': answer.json !== undefined ? 'application/json' : 'text/plain' });
      res.end(answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? ''));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  fake.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
