/* global localStorage, document */
// Applies a saved theme choice before first paint so a dark-theme user never sees a light flash.
// A separate file, not an inline script, so a strict Content-Security-Policy (script-src 'self') allows it.
try {
  var saved = localStorage.getItem('finplat-theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch {
  // Storage can be unavailable (private mode); the system preference then applies.
}
