// Loads the real AT callback bodies in fixtures.json as the form objects the parsers receive (test helper).
import data from './fixtures.json' with { type: 'json' };

export function fixtureForm(id: string): Record<string, string> {
  const fixture = data.fixtures.find((entry) => entry.id === id);
  if (!fixture) throw new Error(`no fixture ${id}`);
  if (typeof fixture.body === 'string') return Object.fromEntries(new URLSearchParams(fixture.body));
  // Fetch Messages items are JSON with a numeric id: form callbacks would carry every value as a string.
  return Object.fromEntries(Object.entries(fixture.body).map(([key, value]) => [key, String(value)]));
}

export function fixtureIds(kind: 'sms' | 'dlr'): string[] {
  return data.fixtures.filter((entry) => entry.kind === kind).map((entry) => entry.id);
}
