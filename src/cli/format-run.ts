/**
 * Text for run records in `sprout runs`: durations, metric values and config values, each short
 * enough for a table cell.
 */
import type { JsonValue } from '../nn/index.js';

/** `850 ms`, `12.3 s`, `4 min 05 s`, `1 h 02 min`; `-` for none (a run still going). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A metric with 4 decimals; `-` for missing, `nan` for an undefined value (stored as null). */
export function formatMetric(value: number | null | undefined): string {
  if (value === undefined) return '-';
  return value === null ? 'nan' : value.toFixed(4);
}

/** A config value: strings bare, everything else as JSON; `-` when the run lacks the key. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `2026-11-28 17:46:00` (UTC) from an ISO time. */
export function formatStart(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}
