// The bars of one dashboard chart (recharts). A chunk of its own, fetched when the first chart comes
// near the viewport: the dashboard's headings and numbers do not wait for the charting library.
import { useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow, ChartSeries } from './NumbersChart.tsx';

export interface ChartDrawingProps {
  series: ChartSeries[];
  rows: ChartRow[];
  height: number;
  layout: 'vertical' | 'horizontal';
}

export default function ChartDrawing({ series, rows, height, layout }: ChartDrawingProps) {
  const navigate = useNavigate();
  const data = rows.map((row) => ({
    label: row.label,
    ...Object.fromEntries(series.map((s) => [s.key, row.cells[s.key]?.count ?? 0])),
  }));
  const sideways = layout === 'vertical';
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout={layout} accessibilityLayer={false} margin={{ left: sideways ? 24 : 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {sideways ? (
          <>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={130} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" />
            <YAxis allowDecimals={false} />
          </>
        )}
        <Tooltip />
        {series.length > 1 && <Legend />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            fill={s.color}
            // Drawn at once: growing bars redraw every frame for a second and a half, which keeps a
            // phone busy while the page opens.
            isAnimationActive={false}
            cursor="pointer"
            onClick={(_, index) => {
              const href = rows[index]?.cells[s.key]?.href;
              if (href) void navigate(href);
            }}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
