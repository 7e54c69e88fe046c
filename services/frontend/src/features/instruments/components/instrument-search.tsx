// Symbol input with suggestions (WAI-ARIA combobox with a listbox popup): type a symbol or a name,
// move through suggestions with the arrow keys, Enter picks, Escape closes.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useInstrumentSearch } from '../api/search-instruments.ts';

function useDebounced(value: string, delayMs: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function InstrumentSearch({
  label,
  value,
  onChange,
  onPick,
  required = false,
  id,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onPick?: (symbol: string) => void;
  required?: boolean;
  id?: string;
}) {
  const generated = useId();
  const inputId = id ?? `${generated}-input`;
  const listId = `${generated}-list`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(value.trim(), 200);
  const search = useInstrumentSearch(query);
  const suggestions = open && query.length > 0 ? (search.data ?? []) : [];

  function pick(symbol: string) {
    onChange(symbol);
    onPick?.(symbol);
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, suggestions.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open && active >= 0) {
      const choice = suggestions[active];
      if (choice) {
        event.preventDefault();
        pick(choice.symbol);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  }

  const activeId = active >= 0 && suggestions[active] ? `${listId}-${active}` : undefined;
  return (
    <div className="field combobox">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required={required}
        aria-autocomplete="list"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeId}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        className="combobox-list"
        hidden={suggestions.length === 0}
      >
        {suggestions.map((item, index) => (
          <li
            key={item.symbol}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'combobox-option active' : 'combobox-option'}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(item.symbol);
            }}
          >
            <span className="symbol">{item.symbol}</span>
            <span className="instrument-name">{item.name ?? ''}</span>
            <span className="muted">{[item.exchange, item.currency].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
