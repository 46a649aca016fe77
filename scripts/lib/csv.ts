/**
 * RFC 4180 CSV: every field quoted when it holds a comma, quote or line break.
 *
 * Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) gets a
 * single quote in front, as OWASP recommends against CSV injection: the file holds learner-controlled text
 * (names, error messages), and "=HYPERLINK(…)" must open as text, not run when an instructor opens the file.
 * Numbers are written as they are.
 */
export function toCsv(columns: string[], rows: Record<string, string | number>[]): string {
  const field = (value: string | number | undefined) => {
    const text = typeof value === 'number' ? String(value) : neutralise(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => field(row[c])).join(','))].join('\n') + '\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
