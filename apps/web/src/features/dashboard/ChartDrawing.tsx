// The bars of one dashboard chart, drawn as plain SVG: nothing to download or run beyond the page, so
// a phone draws the whole dashboard at once. Positions and widths are percentages of the chart's width,
// so the drawing fits any screen without measuring it. Each bar opens the queue behind it and names its
// number in a tooltip; where there is room the number is also written beside the bar. The drawing is
// hidden from assistive technology (NumbersChart.tsx): the table under it says the same, with the same
// links, for screen readers and keyboards.
import { useNavigate } from 'react-router';
import type { ChartRow, ChartSeries } from './NumbersChart.tsx';

export interface ChartDrawingProps {
  series: ChartSeries[];
  rows: ChartRow[];
  /** 'vertical': bars run sideways, each row's label above its bars (long labels: counties, people). */
  layout: 'vertical' | 'horizontal';
}

interface Bar {
  key: string;
  series: ChartSeries;
  row: ChartRow;
  count: number;
  href: string | undefined;
}

/** The bars of a row, one per series that has a number for it. */
const barsOf = (row: ChartRow, series: ChartSeries[]): (Bar | null)[] =>
  series.map((s) => {
    const cell = row.cells[s.key];
    return cell
      ? { key: `${row.label}-${s.key}`, series: s, row, count: cell.count, href: cell.href ?? undefined }
      : null;
  });

const pct = (n: number) => `${Number(n.toFixed(3))}%`;

export function ChartDrawing({ series, rows, layout }: ChartDrawingProps) {
  const navigate = useNavigate();
  const max = Math.max(1, ...rows.flatMap((row) => series.map((s) => row.cells[s.key]?.count ?? 0)));
  const open = (bar: Bar) => {
    if (bar.href) void navigate(bar.href);
  };
  return (
    <>
      {series.length > 1 && (
        <ul className="bar-chart__legend">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" fill={s.color} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      {layout === 'vertical' ? (
        <SidewaysBars series={series} rows={rows} max={max} onOpen={open} />
      ) : (
        <Columns series={series} rows={rows} max={max} onOpen={open} />
      )}
    </>
  );
}

interface BarsProps {
  series: ChartSeries[];
  rows: ChartRow[];
  max: number;
  onOpen: (bar: Bar) => void;
}

function BarShape({
  bar,
  x,
  y,
  width,
  height,
  onOpen,
}: {
  bar: Bar;
  x: string;
  y: number;
  width: string;
  height: number;
  onOpen: (bar: Bar) => void;
}) {
  return (
    // The table's links are the keyboard's way to the same queues; the drawing is hidden from
    // assistive technology, so its bars take no focus.
    // biome-ignore lint/a11y/noStaticElementInteractions: the numbers table below holds the same links.
    <rect
      className={bar.href ? 'bar-chart__bar bar-chart__bar--link' : 'bar-chart__bar'}
      x={x}
      y={y}
      width={width}
      height={height}
      fill={bar.series.color}
      data-count={bar.count}
      onClick={() => onOpen(bar)}
    >
      <title>{`${bar.row.label}, ${bar.series.name}: ${bar.count}`}</title>
    </rect>
  );
}

// Sideways: per row its label, then a bar per series, its number at its end.
const LABEL_HEIGHT = 18;
const BAR_THICKNESS = 12;
const BAR_GAP = 3;
const ROW_GAP = 10;
/** Share of the width the longest bar takes, leaving room for its number. */
const SIDEWAYS_REACH = 88;

function SidewaysBars({ series, rows, max, onOpen }: BarsProps) {
  const rowHeight = LABEL_HEIGHT + series.length * (BAR_THICKNESS + BAR_GAP) + ROW_GAP;
  return (
    <svg
      className="bar-chart"
      aria-hidden="true"
      width="100%"
      height={rows.length * rowHeight}
      focusable="false"
    >
      {rows.map((row, i) => {
        const top = i * rowHeight;
        return (
          <g key={row.label}>
            <text className="bar-chart__label" x="0" y={top + 13}>
              {row.label}
            </text>
            {barsOf(row, series).map((bar, j) => {
              if (!bar) return null;
              const y = top + LABEL_HEIGHT + j * (BAR_THICKNESS + BAR_GAP);
              // A bar of 1 among hundreds still shows.
              const reach = bar.count === 0 ? 0 : Math.max(0.6, (bar.count / max) * SIDEWAYS_REACH);
              return (
                <g key={bar.key}>
                  {bar.count > 0 && (
                    <BarShape
                      bar={bar}
                      x="0"
                      y={y}
                      width={pct(reach)}
                      height={BAR_THICKNESS}
                      onOpen={onOpen}
                    />
                  )}
                  <text className="bar-chart__value" x={pct(reach)} dx="4" y={y + BAR_THICKNESS - 2}>
                    {bar.count}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

// Columns: a group of bars per row along the bottom, the row's label under it.
const PLOT_TOP = 16;
const PLOT_HEIGHT = 150;
const LABEL_LINE = 13;
/** The right edge keeps room for the scale's numbers. */
const PLOT_WIDTH = 93;
/** More bars than this and their numbers would collide: the scale and the tooltips say them. */
const MOST_WRITTEN_NUMBERS = 16;

/** A label in at most two lines, broken at the space nearest its middle. */
function labelLines(label: string): string[] {
  if (label.length <= 10) return [label];
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index ?? 0);
  if (spaces.length === 0) return [label];
  const middle = label.length / 2;
  const at = spaces.reduce((best, s) => (Math.abs(s - middle) < Math.abs(best - middle) ? s : best));
  return [label.slice(0, at), label.slice(at + 1)];
}

function Columns({ series, rows, max, onOpen }: BarsProps) {
  const group = PLOT_WIDTH / Math.max(1, rows.length);
  const barWidth = (group * 0.7) / series.length;
  const writeNumbers = rows.length * series.length <= MOST_WRITTEN_NUMBERS;
  // With many groups (weeks) every few are labelled, so the labels do not run into each other.
  const labelEvery = rows.length > 8 ? Math.ceil(rows.length / 4) : 1;
  const baseline = PLOT_TOP + PLOT_HEIGHT;
  const scale = max > 1 ? [max, Math.round(max / 2)] : [max];
  return (
    <svg
      className="bar-chart"
      aria-hidden="true"
      width="100%"
      height={baseline + 2 * LABEL_LINE + 8}
      focusable="false"
    >
      {!writeNumbers &&
        scale.map((value) => {
          const y = baseline - (value / max) * PLOT_HEIGHT;
          return (
            <g key={value}>
              <line className="bar-chart__grid" x1="0" x2="100%" y1={y} y2={y} />
              <text className="bar-chart__value" x="100%" y={y + 12} textAnchor="end">
                {value}
              </text>
            </g>
          );
        })}
      <line className="bar-chart__axis" x1="0" x2={pct(PLOT_WIDTH)} y1={baseline} y2={baseline} />
      {rows.map((row, i) => {
        const left = i * group + group * 0.15;
        return (
          <g key={row.label}>
            {barsOf(row, series).map((bar, j) => {
              if (!bar) return null;
              const height = bar.count === 0 ? 0 : Math.max(1, (bar.count / max) * PLOT_HEIGHT);
              const x = left + j * barWidth;
              return (
                <g key={bar.key}>
                  {bar.count > 0 && (
                    <BarShape
                      bar={bar}
                      x={pct(x)}
                      y={baseline - height}
                      width={pct(barWidth * 0.9)}
                      height={height}
                      onOpen={onOpen}
                    />
                  )}
                  {writeNumbers && (
                    <text
                      className="bar-chart__value"
                      x={pct(x + (barWidth * 0.9) / 2)}
                      y={baseline - height - 4}
                      textAnchor="middle"
                    >
                      {bar.count}
                    </text>
                  )}
                </g>
              );
            })}
            {i % labelEvery === 0 && (
              // Every few groups labelled (weeks): the label starts where its group does, as a week does.
              <text
                className="bar-chart__label"
                y={baseline + LABEL_LINE + 2}
                textAnchor={labelEvery > 1 ? 'start' : 'middle'}
              >
                {labelLines(row.label).map((line, n) => (
                  <tspan
                    key={line}
                    x={pct(labelEvery > 1 ? i * group : i * group + group / 2)}
                    dy={n === 0 ? 0 : LABEL_LINE}
                  >
                    {line}
                  </tspan>
                ))}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
