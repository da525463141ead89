// One dashboard chart: bars to look at (each bar opens the queue behind it; ChartDrawing.tsx) and the
// same numbers as a table of links for screen readers and keyboard users. The drawing itself is hidden
// from assistive technology because the table says everything it does.

import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { ChartDrawing } from './ChartDrawing.tsx';
import type { NumberLink } from './dashboardLinks.ts';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}
export interface ChartRow {
  label: string;
  /** A series without a number for this row (shown as a dash) is left out. */
  cells: Partial<Record<string, NumberLink>>;
}

interface NumbersChartProps {
  title: string;
  description: string;
  rowHeader: string;
  series: ChartSeries[];
  rows: ChartRow[];
  /** Bars run sideways when labels are long (counties, people). */
  layout?: 'vertical' | 'horizontal';
}

export function NumbersChart({
  title,
  description,
  rowHeader,
  series,
  rows,
  layout = 'horizontal',
}: NumbersChartProps) {
  const [open, setOpen] = useState(false);
  const headingId = `chart-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="chart-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="muted chart-card__description">{description}</p>
      <div className="chart-card__drawing" aria-hidden="true">
        <ChartDrawing series={series} rows={rows} layout={layout} />
      </div>
      {/* The table is made when it is opened: eight tables of links, closed, would double the page's
          elements and the work of drawing it on a phone, for nothing anyone sees or hears. */}
      <details className="chart-card__numbers" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Numbers for “{title}” as a table</summary>
        {open && <NumbersTable title={title} rowHeader={rowHeader} series={series} rows={rows} />}
      </details>
    </section>
  );
}

function NumbersTable({ title, rowHeader, series, rows }: Omit<NumbersChartProps, 'description' | 'layout'>) {
  const baseId = useId();
  // A number that counts something other than matters (convictions, petitions) says so in a note
  // under the table, which its link points to, and in the link's title.
  const notes = [
    ...new Set(rows.flatMap((row) => series.map((s) => row.cells[s.key]?.note ?? null)).filter(Boolean)),
  ] as string[];
  const noteId = (note: string) => `${baseId}-note-${notes.indexOf(note)}`;
  return (
    <>
      <ScrollRegion label={`${title} as a table`}>
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="numeric">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {series.map((s) => {
                  const cell = row.cells[s.key];
                  return (
                    <td key={s.key} className="numeric">
                      {cell ? (
                        <>
                          {cell.href ? (
                            <Link
                              to={cell.href}
                              title={cell.note ?? undefined}
                              aria-describedby={cell.note ? noteId(cell.note) : undefined}
                            >
                              {cell.count}
                            </Link>
                          ) : (
                            <span
                              title={cell.note ?? undefined}
                              aria-describedby={cell.note ? noteId(cell.note) : undefined}
                            >
                              {cell.count}
                            </span>
                          )}
                          {cell.note && <sup aria-hidden="true">{notes.indexOf(cell.note) + 1}</sup>}
                        </>
                      ) : (
                        <>
                          <span aria-hidden="true">—</span>
                          <span className="visually-hidden">not counted</span>
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {notes.length > 0 && (
        <ol className="chart-card__notes">
          {notes.map((note) => (
            <li key={note} id={noteId(note)}>
              {note}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
