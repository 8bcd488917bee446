/** The console's tables (`table.grid`): rows by columns, each column a header and a cell per row. */
import type { ReactNode } from 'react';

export interface Column<T> {
  readonly header: ReactNode;
  readonly cell: (row: T) => ReactNode;
  /** `num` right-aligns a figure. */
  readonly className?: string;
}

export function Grid<T>({
  rows,
  rowKey,
  columns,
  caption,
  rowClassName,
}: {
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  columns: readonly Column<T>[];
  /** Read by screen readers (the caption is not shown); none when omitted. */
  caption?: string;
  rowClassName?: (row: T) => string;
}) {
  return (
    <table className="grid">
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((c, k) => (
            <th key={k} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={rowKey(r, i)} className={rowClassName?.(r)}>
            {columns.map((c, k) => (
              <td key={k} className={c.className}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
