/**
 * A plain-text table: a header row, then one row per item, each column as wide as its widest cell
 * and two spaces apart. The last column is not padded, so lines carry no trailing spaces.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => width(row[column] ?? ''))));
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Width in characters as a terminal shows them (code points, so "→" counts as one). */
function width(text: string): number {
  return [...text].length;
}
