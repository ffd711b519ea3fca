// The numbers behind a chart as a plain table, for screen readers and for anyone who prefers one.
import type { ComponentChildren } from "preact";

export interface DataTableProps {
  caption: string;
  columns: string[];
  rows: ComponentChildren[][];
  /** The first cell of each row names it (a row header). */
  rowHeaders?: boolean;
}

export function DataTable({ caption, columns, rows, rowHeaders = true }: DataTableProps) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) =>
                cellIndex === 0 && rowHeaders ? (
                  <th key={cellIndex} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={cellIndex}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
