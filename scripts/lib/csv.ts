/** RFC 4180 CSV: every field quoted when it holds a comma, quote or line break. */
export function toCsv(columns: string[], rows: Record<string, string | number>[]): string {
  const field = (value: string | number | undefined) => {
    const text = String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => field(row[c])).join(','))].join('\n') + '\n';
}
