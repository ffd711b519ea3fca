// One reading of the person's data: a heading, the plain sentence, the chart, and its table.
import type { ComponentChildren } from "preact";
import { DataTable, type DataTableProps } from "./DataTable";

interface ChartSectionProps {
  title: string;
  /** keel's plain sentence (or several), shown as written. */
  sentence: string | string[];
  children?: ComponentChildren;
  table?: DataTableProps;
}

export function ChartSection({ title, sentence, children, table }: ChartSectionProps) {
  return (
    <section class="card chart-section">
      <h2>{title}</h2>
      {(Array.isArray(sentence) ? sentence : [sentence])
        .filter(Boolean)
        .map((text) => (
          <p key={text} class="sentence">
            {text}
          </p>
        ))}
      {children && <div class="chart">{children}</div>}
      {table && table.rows.length > 0 && (
        <details class="table-view">
          <summary>Show as a table</summary>
          <DataTable {...table} />
        </details>
      )}
    </section>
  );
}
