// Counties where the person has convictions: the office's own counties as checkboxes, any other
// of California's 58 from a list, so a keyboard user never tabs through 58 boxes.
import { COUNTIES, type County } from '@relief-desk/domain';
import { useId, useState } from 'react';

interface CountyPickerProps {
  value: County[];
  onChange(next: County[]): void;
  officeCounties: string[];
  error?: string;
}

export function CountyPicker({ value, onChange, officeCounties, error }: CountyPickerProps) {
  const [other, setOther] = useState('');
  const selectId = useId();
  const errorId = useId();
  const toggle = (county: County, on: boolean) =>
    onChange(on ? [...value, county] : value.filter((c) => c !== county));
  const others = value.filter((c) => !officeCounties.includes(c));

  return (
    <fieldset
      className={error ? 'field field--invalid' : 'field'}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>Counties where the person has convictions</legend>
      {officeCounties.map((county) => (
        <div className="checkbox" key={county}>
          <input
            id={`${selectId}-${county}`}
            type="checkbox"
            name="counties"
            checked={value.includes(county as County)}
            onChange={(e) => toggle(county as County, e.target.checked)}
          />
          <label htmlFor={`${selectId}-${county}`}>{county} (this office)</label>
        </div>
      ))}
      <div className="inline-add">
        <label htmlFor={selectId}>Another county</label>
        <select id={selectId} value={other} onChange={(e) => setOther(e.target.value)}>
          <option value="">Choose a county…</option>
          {COUNTIES.filter((c) => !value.includes(c) && !officeCounties.includes(c)).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={!other}
          onClick={() => {
            toggle(other as County, true);
            setOther('');
          }}
        >
          Add county
        </button>
      </div>
      {others.length > 0 && (
        <ul className="chips" aria-label="Other counties added">
          {others.map((county) => (
            <li key={county}>
              {county}
              <button type="button" className="button button--quiet" onClick={() => toggle(county, false)}>
                Remove {county}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
