// Light and dark themes: the system preference by default (CSS prefers-color-scheme), or the user's
// explicit choice stored locally and applied as <html data-theme>.
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'finplat-theme';

export function readThemeChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
}

/** The theme actually showing, for canvas charts that cannot read CSS variables by themselves. */
export function effectiveTheme(): 'light' | 'dark' {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
