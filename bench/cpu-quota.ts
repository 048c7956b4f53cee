/**
 * A real CPU limit for a browser in a benchmark: a cgroup (v1 `cpu` controller) whose CFS quota caps
 * the processes put into it at a share of one core. DevTools' CPU throttling slows only a page's main
 * thread; a quota slows every thread, WebCrypto's included, as a slower phone would.
 *
 * Needs a writable /sys/fs/cgroup/cpu (root, cgroup v1). Where that is missing, {@link openCpuQuota}
 * returns the reason, so the benchmark can say what it did not measure.
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/cpu';

export interface CpuQuota {
  /** Moves every descendant of this process whose command line contains `match` into the group. */
  confine(match: string): number;
  /** Caps the group at `share` of one core (0.25: a CPU 4× slower), or lifts the cap (null). */
  limit(share: number | null): void;
  /** Lifts the cap, moves anything left back to the root group and removes the group. */
  close(): void;
}

/** Process ids under `root` (not `root` itself), read from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export function openCpuQuota(name: string): CpuQuota | string {
  const dir = join(V1_ROOT, name);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), '-1');
  } catch (error) {
    return `no writable cgroup v1 cpu controller at ${V1_ROOT} (${(error as Error).message.split('\n')[0]})`;
  }
  const period = Number(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf8').trim());
  const move = (to: string, pid: number): boolean => {
    try {
      writeFileSync(join(to, 'cgroup.procs'), String(pid));
      return true;
    } catch {
      return false; // exited meanwhile
    }
  };
  const members = (): number[] => readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  return {
    confine(match) {
      let moved = 0;
      for (const pid of descendants(process.pid)) if (commandLine(pid).includes(match) && move(dir, pid)) moved++;
      return moved;
    },
    limit(share) {
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), share === null ? '-1' : String(Math.round(period * share)));
    },
    close() {
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), '-1');
      for (const pid of members()) move(V1_ROOT, pid);
      try {
        rmdirSync(dir);
      } catch {
        // a process still moving out; the empty group is harmless and reused next run
      }
    },
  };
}
