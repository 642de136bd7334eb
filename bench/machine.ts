/** The machine a run happened on, printed with the table: figures mean nothing without it. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly memoryGiB: number;
  /** 1, 5 and 15-minute load averages when the run started; above `cores` means other jobs competed. */
  readonly loadAverageStart: readonly number[];
  loadAverageEnd?: readonly number[];
  readonly date: string;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match !== null) return match[1]!.trim();
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function flags(): string {
  try {
    const match = /^flags\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    const all = new Set(match?.[1]?.split(' ') ?? []);
    return ['avx2', 'fma', 'avx512f'].filter((f) => all.has(f)).join(', ');
  } catch {
    return '';
  }
}

export function describeMachine(): Machine {
  const extensions = flags();
  return {
    cpu: extensions === '' ? cpuModel() : `${cpuModel()} (${extensions})`,
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverageStart: loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}

export function currentLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}
