// Names for the statements PostgreSQL should keep prepared. Without a name, node-postgres sends every
// query as an unnamed statement, which the server parses and plans anew each time: on the workers'
// hot paths that planning cost more server CPU than running the queries. A statement seen a few
// times gets a stable name, so each connection parses it once and PostgreSQL may reuse its plan.
// Bounded twice: only the first `maxNames` hot texts are named (a connection keeps each for its life),
// and the tally of texts seen so far is forgotten when it grows past `maxTracked`. Pure.
import { createHash } from 'node:crypto';

/** node-postgres sends an empty name as the unnamed statement: parsed and planned for this use only. */
const UNNAMED = '';

export interface StatementNameOptions {
  /** Uses before a text is named. */
  after?: number;
  maxNames?: number;
  maxTracked?: number;
}

export function statementNamer({ after = 3, maxNames = 128, maxTracked = 10_000 }: StatementNameOptions = {}): (query: {
  sql: string;
}) => string {
  const names = new Map<string, string>();
  let seen = new Map<string, number>();
  return ({ sql }) => {
    const name = names.get(sql);
    if (name !== undefined || names.size >= maxNames) return name ?? UNNAMED;
    const uses = (seen.get(sql) ?? 0) + 1;
    if (uses < after) {
      if (seen.size >= maxTracked) seen = new Map();
      seen.set(sql, uses);
      return UNNAMED;
    }
    seen.delete(sql);
    const named = `s_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, named);
    return named;
  };
}
