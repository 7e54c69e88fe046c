// A single choice among a few options (chart ranges, allocation dimensions): a labelled radio group,
// so arrow keys move between options as screen-reader users expect.
import { useId } from 'react';

export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  renderLabel,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  renderLabel?: (value: T) => string;
}) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <label key={option} className={option === value ? 'segment segment-active' : 'segment'}>
          <input
            type="radio"
            name={name}
            value={option}
            checked={option === value}
            onChange={() => onChange(option)}
          />
          <span>{renderLabel ? renderLabel(option) : option}</span>
        </label>
      ))}
    </fieldset>
  );
}
