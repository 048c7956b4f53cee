/**
 * A CPU limit for a browser in a benchmark: a cgroup (v1 `cpu` controller) whose CFS quota caps the
 * processes put into it at a share of one core. DevTools' CPU throttling slows only a page's main
 * thread; a quota slows every thread, WebCrypto's included. A quarter of one core, shared by all of
 * Chromium and enforced in 100 ms periods, approximates a CPU 4× slower.
 *
 * Needs root and cgroup v1 (a writable /sys/fs/cgroup/cpu). Where either is missing,
 * {@link openCpuQuota} returns the reason, so the benchmark can say what it did not measure.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/cpu';

export interface CpuQuota {
  /** Moves every descendant of this process whose command line contains `match` into the group. */
  confine(match: string): number;
  /** Caps the group at `share` of one core (0.25 for a quarter), or lifts the cap (null). */
  limit(share: number | null): void;
  /** Lifts the cap, moves anything left to the bench's own group and removes the group (call after the processes end). */
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

/** This process's group in the v1 cpu hierarchy ("/" at the top), from /proc/self/cgroup. */
function ownCpuGroup(): string | null {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  } catch {
    return null; // not Linux
  }
  for (const line of lines) {
    const [, controllers = '', path] = line.split(':');
    if (path !== undefined && controllers.split(',').includes('cpu')) return path;
  }
  return null;
}

/**
 * A new group named `name` under this process's own cpu group (so processes keep any limit their
 * parent group sets), or why there is none.
 */
export function openCpuQuota(name: string): CpuQuota | string {
  const own = ownCpuGroup();
  const parent = own === null ? '' : join(V1_ROOT, own);
  if (own === null || !existsSync(join(parent, 'cpu.cfs_period_us')))
    return `no cgroup v1 cpu controller for this process under ${V1_ROOT} (cgroup v2 is not supported by this bench)`;
  const dir = join(parent, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return `cannot make a cgroup at ${dir} (${(error as Error).message.split('\n')[0]}); run as root`;
  }
  let period: number;
  try {
    period = Number(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf8').trim());
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), '-1');
  } catch (error) {
    rmdirSync(dir);
    return `cannot set a CPU quota at ${dir} (${(error as Error).message.split('\n')[0]})`;
  }
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
      try {
        writeFileSync(join(dir, 'cpu.cfs_quota_us'), '-1');
        for (const pid of members()) move(parent, pid);
      } finally {
        // A process that has just exited can hold the group for a moment: try for up to a second.
        for (let attempt = 0; ; attempt++) {
          try {
            rmdirSync(dir);
            break;
          } catch (error) {
            if (attempt >= 20) {
              process.stderr.write(`could not remove the cgroup ${dir}: ${(error as Error).message}\n`);
              break;
            }
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
          }
        }
      }
    },
  };
}
