/**
 * gold.instruments has no country column: the listing's country is derived from the Yahoo symbol
 * suffix (the exchange), US when there is none. Good for allocation charts, not for tax residence.
 */
const SUFFIX_COUNTRY: Readonly<Record<string, string>> = {
  L: 'GB',
  IL: 'GB',
  DE: 'DE',
  F: 'DE',
  BE: 'DE',
  MU: 'DE',
  PA: 'FR',
  AS: 'NL',
  BR: 'BE',
  MI: 'IT',
  MC: 'ES',
  SW: 'CH',
  VI: 'AT',
  ST: 'SE',
  OL: 'NO',
  CO: 'DK',
  HE: 'FI',
  IR: 'IE',
  LS: 'PT',
  T: 'JP',
  HK: 'HK',
  SS: 'CN',
  SZ: 'CN',
  KS: 'KR',
  KQ: 'KR',
  TW: 'TW',
  SI: 'SG',
  AX: 'AU',
  NZ: 'NZ',
  TO: 'CA',
  V: 'CA',
  NE: 'CA',
  SA: 'BR',
  MX: 'MX',
  JO: 'ZA',
  TA: 'IL',
  NS: 'IN',
  BO: 'IN',
};

export function countryOfSymbol(symbol: string): string {
  const dot = symbol.lastIndexOf('.');
  if (dot < 0) return 'US';
  return SUFFIX_COUNTRY[symbol.slice(dot + 1).toUpperCase()] ?? 'Unknown';
}
