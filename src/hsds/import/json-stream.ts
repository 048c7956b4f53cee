import { createReadStream } from 'node:fs';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

/**
 * Yields the text of each top-level element of a JSON array file without holding the file in
 * memory: a scanner that tracks strings and nesting depth, so 100 000 services stream in bounded
 * memory. Throws on text that is not a JSON array.
 */
export async function* streamJsonArray(path: string): AsyncGenerator<{ index: number; text: string }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let depth = 0; // 1 = inside the outer array
  let inString = false;
  let escaped = false;
  let ended = false;
  let parts: string[] | null = null; // the element being read, if any
  let index = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = parts ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (isSpace(c)) continue;
      if (ended) throw new Error('unexpected text after the closing ] of the array');
      if (depth === 0) {
        if (c !== OPEN_BRACKET) throw new Error('expected a JSON array starting with [');
        depth = 1;
        continue;
      }
      if (depth === 1 && !parts) {
        if (c === COMMA) continue;
        if (c === CLOSE_BRACKET) {
          ended = true;
          continue;
        }
        parts = [];
        start = i;
      }
      const closesScalar = depth === 1 && (c === COMMA || c === CLOSE_BRACKET);
      if (closesScalar && parts) {
        parts.push(chunk.slice(start, i));
        yield { index: index++, text: parts.join('') };
        parts = null;
        if (c === CLOSE_BRACKET) ended = true;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 1 && parts) {
          parts.push(chunk.slice(start, i + 1));
          yield { index: index++, text: parts.join('') };
          parts = null;
        }
      }
    }
    if (parts) parts.push(chunk.slice(start));
  }
  if (!ended) throw new Error('the JSON array is not closed');
}
