/** Shared pieces of the benchmarks: paths, a seeded PRNG, statistics, figures and printing. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Repository root (bench/ lives directly under it). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Generated files and databases (gitignored). */
export const CACHE_DIR = fileURLToPath(new URL('../.cache/bench/', import.meta.url));

/**
 * mulberry32: a tiny, fast 32-bit PRNG. Good enough for test data, and the same seed gives the
 * same stream on every machine.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.float() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1]![0];
  }

  /** Standard normal (Box–Muller). */
  gauss(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A version-4-shaped UUID drawn from the stream (deterministic for a seed). */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const a = hex(this.u32());
    const b = hex(this.u32());
    const c = hex(this.u32());
    const d = hex(this.u32());
    const variant = '89ab'[c.charCodeAt(0) & 3]!;
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}

/** The q-th quantile (0..1) of already sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export interface Stats {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    mean: sum / s.length,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s[s.length - 1] ?? NaN,
  };
}

/** One reported figure with its target. */
export interface Figure {
  part: string;
  name: string;
  value: number;
  unit: string;
  /** Human form of the target, e.g. "≤ 5"; empty when the figure is informational. */
  target: string;
  /** null when there is no target. */
  pass: boolean | null;
}

export function figure(
  part: string,
  name: string,
  value: number,
  unit: string,
  target?: { op: '<=' | '<' | '>='; limit: number },
): Figure {
  if (!target) return { part, name, value, unit, target: '', pass: null };
  const pass =
    Number.isFinite(value) &&
    (target.op === '<=' ? value <= target.limit : target.op === '<' ? value < target.limit : value >= target.limit);
  const sym = target.op === '<=' ? '≤' : target.op === '<' ? '<' : '≥';
  return { part, name, value, unit, target: `${sym} ${target.limit}`, pass };
}

/** Fixed-width table printing. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = Math.abs(n).toFixed(digits).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** CPU model, cores and Node version, for the summary. */
export function machine(): { cpu: string; cores: number; node: string; memoryGb: number } {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1]!.trim();
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  let memoryGb = NaN;
  try {
    const m = /^MemTotal:\s*(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) memoryGb = Number(m[1]) / 1024 / 1024;
  } catch {
    // ignore
  }
  return { cpu, cores: cpus().length, node: process.version, memoryGb };
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc. */
export function procMemory(pid: number | 'self'): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s*(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** The 1-minute load average: benchmarks on a busy machine say so next to their figures. */
export function load1(): number {
  return loadavg()[0]!;
}

/** High-resolution milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
