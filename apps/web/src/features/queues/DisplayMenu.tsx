// Column choice and density, behind one disclosure so the toolbar stays short for keyboard users.
import { Checkbox } from '../../ui/fields.tsx';
import { OPTIONAL_COLUMNS } from './columns.tsx';
import type { useDisplayOptions } from './useDisplayOptions.ts';

export function DisplayMenu({ display }: { display: ReturnType<typeof useDisplayOptions> }) {
  const { options, toggleColumn, setDensity } = display;
  return (
    <details className="queue-menu">
      <summary className="button">Columns and density</summary>
      <div className="queue-menu__panel">
        <fieldset>
          <legend>Columns shown</legend>
          {OPTIONAL_COLUMNS.map((c) => (
            <Checkbox
              key={c.id}
              label={c.label}
              checked={!options.hidden.includes(c.id)}
              onChange={() => toggleColumn(c.id)}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>Density</legend>
          {(['comfortable', 'compact'] as const).map((d) => (
            <div className="checkbox" key={d}>
              <input
                type="radio"
                id={`density-${d}`}
                name="queue-density"
                checked={options.density === d}
                onChange={() => setDensity(d)}
              />
              <label htmlFor={`density-${d}`}>{d === 'compact' ? 'Compact' : 'Comfortable'}</label>
            </div>
          ))}
        </fieldset>
      </div>
    </details>
  );
}
