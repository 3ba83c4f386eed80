// Loads the SIM gateway webhook bodies in fixtures.json as the raw bytes the app posts (compact JSON, as its gson client writes them).
import data from './fixtures.json' with { type: 'json' };
import { signGatewayPayload } from './signature.ts';

export function fixtureBody(id: string): unknown {
  const fixture = data.fixtures.find((entry) => entry.id === id);
  if (!fixture) throw new Error(`no fixture ${id}`);
  return structuredClone(fixture.body);
}

export function fixtureRaw(id: string): Buffer {
  return Buffer.from(JSON.stringify(fixtureBody(id)), 'utf8');
}

export function fixtureIds(kind?: string): string[] {
  return data.fixtures.filter((entry) => kind === undefined || entry.kind === kind).map((entry) => entry.id);
}

/** The headers the app would send with this body at this time. */
export function signedHeaders(key: string, raw: Buffer | string, at: Date): { signature: string; timestamp: string } {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { signature: signGatewayPayload(key, raw, timestamp), timestamp };
}
