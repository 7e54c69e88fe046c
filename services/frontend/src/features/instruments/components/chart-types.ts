// Kept apart from price-chart.tsx so pages can use these without pulling the chart library into their chunk.
export type ChartKind = 'candles' | 'line';
export type SmaKey = 'sma20' | 'sma50' | 'sma200';
export const SMA_KEYS: readonly SmaKey[] = ['sma20', 'sma50', 'sma200'];
export const SMA_LABEL: Record<SmaKey, string> = { sma20: 'SMA 20', sma50: 'SMA 50', sma200: 'SMA 200' };
