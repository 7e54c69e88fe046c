import { useState } from 'react';
import { applyThemeChoice, readThemeChoice, type ThemeChoice } from '../lib/theme.ts';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = {
  system: 'System theme',
  light: 'Light theme',
  dark: 'Dark theme',
};
const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark; the button says which theme is on and what a click does. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  const next = NEXT[choice];
  return (
    <button
      type="button"
      className="button button-ghost theme-toggle"
      aria-label={`${LABEL[choice]}. Switch to ${LABEL[next].toLowerCase()}`}
      title={`Switch to ${LABEL[next].toLowerCase()}`}
      onClick={() => {
        applyThemeChoice(next);
        setChoice(next);
        window.dispatchEvent(new Event('finplat-theme'));
      }}
    >
      <span aria-hidden="true">{ICON[choice]}</span>
      <span className="theme-toggle-text">{LABEL[choice]}</span>
    </button>
  );
}
