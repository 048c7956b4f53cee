import { isInstrumentId, scoreInstrument } from './index.ts';

const USAGE = `usage: harbour score <id> '<answers JSON>'`;

/**
 * `harbour score <id> '<answers JSON>'`: prints one line of JSON, the result (exit 0) or
 * `{"error": "unknown_instrument" | "invalid_json" | "invalid_response" | "usage", …}` (exit 2).
 * Needs no database or configuration, and scores every shipped instrument whether enabled or not.
 */
export function runScoreCommand(args: string[], out: (line: string) => void): number {
  const fail = (body: Record<string, string>): number => {
    out(JSON.stringify(body));
    return 2;
  };
  const [id, json] = args;
  if (args.length !== 2 || id === undefined || json === undefined) return fail({ error: 'usage', message: USAGE });
  if (!isInstrumentId(id)) return fail({ error: 'unknown_instrument' });
  let answers: unknown;
  try {
    answers = JSON.parse(json);
  } catch {
    return fail({ error: 'invalid_json' });
  }
  const outcome = scoreInstrument(id, answers);
  if (!outcome.ok) return fail({ error: outcome.error, message: outcome.message });
  out(JSON.stringify(outcome.result));
  return 0;
}
