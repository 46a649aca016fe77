/** Small numeric helpers shared by the bench measurements: medians and percentiles, never single timings. */

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile: with few samples p95 is simply the slowest one, which is what it should say. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const percentOf = (value: number, budget: number) => `${Math.round((value / budget) * 100)}% of ${budget >= 1024 && budget % 1024 === 0 ? kb(budget) : seconds(budget)}`;

/** "median 1.20 s (min 1.10, max 1.50, n=5)" */
export function spread(ms: number[]): string {
  return `median ${seconds(median(ms))} (min ${(Math.min(...ms) / 1000).toFixed(2)}, max ${(Math.max(...ms) / 1000).toFixed(2)}, n=${ms.length})`;
}

/** Fixed-width columns, so the output reads as a table in a terminal and in a pasted report. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}`).join('\n');
}
