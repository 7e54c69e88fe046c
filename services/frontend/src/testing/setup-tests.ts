// Component tests: DOM matchers, a clean DOM between tests, and one pinned locale so expected strings are stable.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setFormatLocale } from '../lib/format.ts';

setFormatLocale('en-US');
afterEach(() => {
  cleanup();
});
