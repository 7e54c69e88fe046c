// The exchanges a synthetic Yahoo symbol can list on, keyed by its suffix: time zone, session times,
// currency and quoting conventions.

export interface Exchange {
  readonly timeZone: string;
  readonly currency: string;
  readonly exchangeName: string;
  readonly fullExchangeName: string;
  /** Minutes after local midnight. */
  readonly pre: number;
  readonly open: number;
  readonly close: number;
  readonly post: number;
  readonly standardOffset: number;
  readonly abbreviations: readonly [standard: string, daylight: string];
  readonly prePost: boolean;
  /** London quotes in pence (GBp), so prices are ~100x; yen prices are large too. */
  readonly priceScale: number;
  readonly tickDecimals: number;
}

export const NEW_YORK: Exchange = {
  timeZone: 'America/New_York',
  currency: 'USD',
  exchangeName: 'NMS',
  fullExchangeName: 'NasdaqGS',
  pre: 4 * 60,
  open: 9 * 60 + 30,
  close: 16 * 60,
  post: 20 * 60,
  standardOffset: -5 * 3600,
  abbreviations: ['EST', 'EDT'],
  prePost: true,
  priceScale: 1,
  tickDecimals: 2,
};

/** Keyed by the Yahoo symbol suffix ('' = no suffix). Other suffixes are unknown to the sandbox. */
const EXCHANGES: ReadonlyMap<string, Exchange> = new Map<string, Exchange>([
  ['', NEW_YORK],
  [
    'L',
    {
      timeZone: 'Europe/London',
      currency: 'GBp',
      exchangeName: 'LSE',
      fullExchangeName: 'LSE',
      pre: 7 * 60 + 15,
      open: 8 * 60,
      close: 16 * 60 + 30,
      post: 17 * 60 + 15,
      standardOffset: 0,
      abbreviations: ['GMT', 'BST'],
      prePost: false,
      priceScale: 100,
      tickDecimals: 2,
    },
  ],
  [
    'DE',
    {
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      exchangeName: 'GER',
      fullExchangeName: 'XETRA',
      pre: 7 * 60,
      open: 9 * 60,
      close: 17 * 60 + 30,
      post: 20 * 60 + 30,
      standardOffset: 3600,
      abbreviations: ['CET', 'CEST'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 2,
    },
  ],
  [
    'F',
    {
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      exchangeName: 'FRA',
      fullExchangeName: 'Frankfurt',
      pre: 8 * 60,
      open: 8 * 60,
      close: 22 * 60,
      post: 22 * 60,
      standardOffset: 3600,
      abbreviations: ['CET', 'CEST'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 3,
    },
  ],
  [
    'T',
    {
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
      exchangeName: 'JPX',
      fullExchangeName: 'Tokyo',
      pre: 9 * 60,
      open: 9 * 60,
      close: 15 * 60 + 30,
      post: 15 * 60 + 30,
      standardOffset: 9 * 3600,
      abbreviations: ['JST', 'JST'],
      prePost: false,
      priceScale: 100,
      tickDecimals: 1,
    },
  ],
  [
    'NZ',
    {
      timeZone: 'Pacific/Auckland',
      currency: 'NZD',
      exchangeName: 'NZE',
      fullExchangeName: 'NZSE',
      pre: 10 * 60,
      open: 10 * 60,
      close: 16 * 60 + 45,
      post: 16 * 60 + 45,
      standardOffset: 12 * 3600,
      abbreviations: ['NZST', 'NZDT'],
      prePost: false,
      priceScale: 1,
      tickDecimals: 3,
    },
  ],
]);

/** The exchange of a Yahoo symbol from its suffix (`HSBA.L` → London), or undefined when unknown. */
export function exchangeFor(symbol: string): Exchange | undefined {
  const dot = symbol.lastIndexOf('.');
  const suffix = dot > 0 ? symbol.slice(dot + 1) : '';
  return EXCHANGES.get(suffix);
}
