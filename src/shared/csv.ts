/**
 * RFC 4180 CSV reading and writing.
 *
 * The parser is a single pass over the string: unquoted fields are cut with
 * cached `indexOf` positions and quoted fields with `indexOf('"')`, so large
 * files (tens of MB) parse in well under a second per 10 MB.
 */

const QUOTE = 0x22; // "
const COMMA = 0x2c; // ,
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/** A malformed CSV input; `line` is the 1-based physical line where the problem is. */
export class CsvError extends Error {
  /** 1-based physical line number (CR, LF and CRLF each end a line). */
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

interface ParsedRows {
  rows: string[][];
  /** Physical line on which each row starts. */
  lines: number[];
  /** True for rows that came from an empty or whitespace-only, unquoted line. */
  blank: boolean[];
}

/** Counts line breaks in text[from, to), treating CRLF as one. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

function parseRows(text: string): ParsedRows {
  const n = text.length;
  const rows: string[][] = [];
  const lines: number[] = [];
  const blank: boolean[] = [];
  let i = n > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  if (i >= n) return { rows, lines, blank };

  // Positions of the next comma/CR/LF/quote at or after some earlier index;
  // they stay valid until `i` passes them, so each is searched for once per hit.
  let nextComma = -1;
  let nextCr = -1;
  let nextLf = -1;
  let nextQuote = -1;
  const find = (ch: string, from: number): number => {
    const p = text.indexOf(ch, from);
    return p === -1 ? n : p;
  };

  let line = 1;
  let row: string[] = [];
  let rowLine = 1;
  let rowQuoted = false;

  const endRow = (): void => {
    rows.push(row);
    lines.push(rowLine);
    blank.push(!rowQuoted && row.length === 1 && row[0]!.trim() === '');
    row = [];
    rowQuoted = false;
  };

  for (;;) {
    // At the start of a field.
    if (i < n && text.charCodeAt(i) === QUOTE) {
      rowQuoted = true;
      const openLine = line;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) throw new CsvError('unterminated quoted field', openLine);
        line += countLineBreaks(text, from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      row.push(value);
      if (i >= n) {
        endRow();
        break;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c !== CR && c !== LF) {
        throw new CsvError('unexpected character after closing quote', line);
      }
    } else {
      if (nextComma < i) nextComma = find(',', i);
      if (nextLf < i) nextLf = find('\n', i);
      if (nextCr < i) nextCr = find('\r', i);
      let end = nextComma < nextLf ? nextComma : nextLf;
      if (nextCr < end) end = nextCr;
      if (nextQuote < i) nextQuote = find('"', i);
      if (nextQuote < end) throw new CsvError('stray quote in unquoted field', line);
      row.push(text.slice(i, end));
      i = end;
      if (i >= n) {
        endRow();
        break;
      }
      if (text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
    }
    // At a CR or LF that ends the row.
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    endRow();
    rowLine = line;
    if (i >= n) break;
  }
  return { rows, lines, blank };
}

/**
 * Parses RFC 4180 CSV into rows of fields.
 *
 * Accepts a leading UTF-8 BOM, CRLF, LF or lone CR row ends, and a last row
 * with or without a line break. Quoted fields may contain commas, doubled
 * quotes and line breaks. An empty line yields the row `['']`.
 *
 * @throws {CsvError} on an unterminated quoted field, a quote inside an
 *   unquoted field, or text between a closing quote and the next separator.
 */
export function parseCsv(text: string): string[][] {
  return parseRows(text).rows;
}

/** Header and records of a CSV file whose first non-blank row names the columns. */
export interface CsvRecords {
  /** Column names, trimmed, in file order. */
  header: string[];
  /** One object per data row, keyed by header name. */
  records: Record<string, string>[];
}

/**
 * Parses CSV whose first non-blank row is a header into records.
 *
 * Blank lines (empty or whitespace only, not quoted) are skipped anywhere.
 * Rows shorter than the header are padded with `''`.
 *
 * @throws {CsvError} for malformed CSV, a duplicate header name, or a row with
 *   more fields than the header (with that row's line number).
 */
export function parseCsvRecords(text: string): CsvRecords {
  const { rows, lines, blank } = parseRows(text);
  let r = 0;
  while (r < rows.length && blank[r]) r++;
  if (r >= rows.length) return { header: [], records: [] };

  const header = rows[r]!.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new CsvError(`duplicate header name "${name}"`, lines[r]!);
    seen.add(name);
  }

  const records: Record<string, string>[] = [];
  for (r++; r < rows.length; r++) {
    if (blank[r]) continue;
    const row = rows[r]!;
    if (row.length > header.length) {
      throw new CsvError(`row has ${row.length} fields but the header has ${header.length}`, lines[r]!);
    }
    const record: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) record[header[c]!] = row[c] ?? '';
    records.push(record);
  }
  return { header, records };
}

const NEEDS_QUOTES = /[",\r\n]|^[ \t]|[ \t]$/;

function writeField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * Serialises rows as RFC 4180 CSV with a CRLF after every row.
 *
 * Fields are quoted only when they contain a comma, quote, CR or LF, or start
 * or end with a space or tab. A row holding one empty field is written as `""`
 * so it does not read back as a blank line, and a leading U+FEFF in the first
 * field is quoted so it is not taken for a BOM. A row with no fields is
 * written as an empty line, which reads back as `['']`.
 */
export function writeCsv(rows: string[][]): string {
  let out = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') {
      out += '""\r\n';
      continue;
    }
    for (let c = 0; c < row.length; c++) {
      const field = row[c]!;
      if (c > 0) out += ',';
      out += r === 0 && c === 0 && field.charCodeAt(0) === BOM ? `"${field.replace(/"/g, '""')}"` : writeField(field);
    }
    out += '\r\n';
  }
  return out;
}
