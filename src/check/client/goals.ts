/** Her own harm-reduction goals, ticked off day by day, and a chart of them drawn on the phone. */
import { isInstrumentId } from '../../instruments/index.ts';
import { today, type Summary } from './plans.ts';

export interface Goal {
  readonly id: string;
  readonly text: string;
  /** Days she ticked it, `YYYY-MM-DD`, oldest first. */
  readonly done: readonly string[];
}

/** Everything the self-check keeps: results (never answers) and goals. */
export interface Kept {
  readonly v: 1;
  readonly history: readonly Summary[];
  readonly goals: readonly Goal[];
}

export const EMPTY: Kept = { v: 1, history: [], goals: [] };

/** Reads what was kept, dropping anything that is not in the expected shape. */
export function asKept(value: unknown): Kept {
  const v = value as { history?: unknown; goals?: unknown } | null;
  if (!v || typeof v !== 'object') return EMPTY;
  const list = (x: unknown): Record<string, unknown>[] =>
    Array.isArray(x) ? x.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null) : [];
  // A result of a check this version does not know (a backup from a newer one) is left out.
  const history = list(v.history).filter(
    (h) => typeof h.id === 'string' && isInstrumentId(h.id) && typeof h.date === 'string',
  ) as unknown as Summary[];
  const goals = list(v.goals).filter(
    (g) => typeof g.id === 'string' && typeof g.text === 'string' && Array.isArray(g.done),
  ) as unknown as Goal[];
  return { v: 1, history, goals };
}

/** Both sets together: goals by id (days joined), results without repeats. */
export function mergeKept(a: Kept, b: Kept): Kept {
  const goals = new Map<string, Goal>();
  for (const g of [...a.goals, ...b.goals]) {
    const old = goals.get(g.id);
    goals.set(g.id, old ? { ...old, done: [...new Set([...old.done, ...g.done])].sort() } : g);
  }
  const seen = new Set<string>();
  const history = [...a.history, ...b.history].filter((h) => {
    const key = JSON.stringify(h);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  history.sort((x, y) => x.date.localeCompare(y.date));
  return { v: 1, history, goals: [...goals.values()] };
}

export function addGoal(kept: Kept, text: string): Kept {
  const clean = text.trim().slice(0, 120);
  if (!clean || kept.goals.some((g) => g.text === clean)) return kept;
  const id = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { ...kept, goals: [...kept.goals, { id, text: clean, done: [] }] };
}

export function removeGoal(kept: Kept, id: string): Kept {
  return { ...kept, goals: kept.goals.filter((g) => g.id !== id) };
}

/** Ticks (or unticks) a goal for a day. */
export function toggleDone(kept: Kept, id: string, day = today()): Kept {
  return {
    ...kept,
    goals: kept.goals.map((g) => {
      if (g.id !== id) return g;
      const done = g.done.includes(day) ? g.done.filter((d) => d !== day) : [...g.done, day].sort();
      return { ...g, done };
    }),
  };
}

/** The last `n` days, oldest first, ending today. */
export function lastDays(n: number, now = new Date()): string[] {
  return Array.from({ length: n }, (_, i) => today(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (n - 1 - i))));
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, String(v));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A bar per day for the last 14 days: how many goals she ticked that day. Drawn here, from what is
 * on the phone; `label` is the chart's text alternative.
 */
export function drawChart(kept: Kept, label: string, now = new Date()): SVGElement {
  const days = lastDays(14, now);
  const counts = days.map((d) => kept.goals.filter((g) => g.done.includes(d)).length);
  const most = Math.max(1, kept.goals.length);
  const width = 280;
  const height = 100;
  const bar = width / days.length;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 16}`, role: 'img', 'aria-label': label, class: 'goal-chart' });
  chart.appendChild(svg('line', { x1: 0, y1: height, x2: width, y2: height, stroke: 'currentColor', 'stroke-width': 1 }));
  days.forEach((day, i) => {
    const h = (counts[i]! / most) * (height - 4);
    const rect = svg('rect', {
      x: i * bar + 2,
      y: height - h,
      width: bar - 4,
      height: h,
      'data-day': day,
      'data-count': counts[i]!,
    });
    rect.appendChild(svg('title', {}, `${day}: ${counts[i]}`));
    chart.appendChild(rect);
    if (i % 7 === 6 || i === 0)
      chart.appendChild(
        svg('text', { x: i * bar + bar / 2, y: height + 13, 'text-anchor': 'middle', 'font-size': 10 }, day.slice(5)),
      );
  });
  return chart;
}
