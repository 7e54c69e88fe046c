-- silver.currencies: the one list of currency codes the silver layer accepts (grain: one code as a
-- source spells it). ISO 4217 codes map to themselves; Yahoo's minor-unit codes map to their ISO major
-- currency with the factor that converts an amount into it. Codes are case-sensitive: Yahoo's `GBp`
-- (pence) is not `GBP` (pounds).

with

iso_4217 as (
    -- Active ISO 4217 codes (plus HRK, used until 2023-01-01), including funds and metals.
    select unnest([
        'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT',
        'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
        'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUC', 'CUP',
        'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP',
        'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR',
        'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW',
        'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA',
        'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD',
        'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
        'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE',
        'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP',
        'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VED',
        'VES', 'VND', 'VUV', 'WST', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG',
        'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU', 'XUA', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'
    ]) as code
),

minor_units as (
    -- Yahoo quotes these listings in hundredths of the ISO currency.
    select code, currency
    from (values
        ('GBp', 'GBP'),  -- London: pence
        ('GBX', 'GBP'),  -- pence, the other spelling
        ('ZAc', 'ZAR'),  -- Johannesburg: cents
        ('ILA', 'ILS')   -- Tel Aviv: agorot
    ) as t (code, currency)
),

final as (
    select
        code,
        code as currency,
        1.00::DECIMAL(3, 2) as to_major,
        false as is_minor_unit
    from iso_4217

    union all

    select
        code,
        currency,
        0.01::DECIMAL(3, 2) as to_major,
        true as is_minor_unit
    from minor_units
)

select * from final
