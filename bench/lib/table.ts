/** Plain-text tables for the terminal (right-aligned numbers, left-aligned text). */

export type Cell = string | number | undefined;

function show(cell: Cell): string {
  if (cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) return '–';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : cell.toFixed(Math.abs(cell) >= 100 ? 0 : 2);
  return cell;
}

export function formatTable(title: string, headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map(show));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => row[column].length)));
  const line = (cells: string[], numeric: boolean[]) =>
    cells.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  const numericColumns = headers.map((_, column) => rows.some((row) => typeof row[column] === 'number'));
  return [
    title,
    line(headers, numericColumns),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...text.map((row) => line(row, numericColumns)),
  ].join('\n');
}
