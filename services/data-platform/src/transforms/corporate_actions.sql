-- silver.corporate_actions: dividends and splits (grain: symbol, dt, kind) from the `events` of every
-- current Yahoo chart payload. `events.dividends` and `events.splits` are objects keyed by the event's
-- timestamp; either may be absent (a window without events, or a request for one kind only). dt is the
-- date in the exchange's time zone. Dividends are converted like prices: a GBp listing's dividends are
-- taken to be in pence as well (/100 → GBP; unverified, see README.md). Drops (counted): events
-- superseded by a later fetch of the same (symbol, dt, kind).

with

payloads as (
    -- Only meta and events of each payload, as JSON (see pointBronzeView): read_json parses the files
    -- in parallel and writes out just these two small objects; each is then parsed once below.
    select key, dt as bronze_dt, object, sha256, fetched_at, chart.result[1] as result
    from bronze.yahoo_prices_events
),

currencies as (
    select code, currency, to_major
    from silver.currencies
),

charts as (
    -- One JSON parse per object, then small extracts.
    select
        key,
        bronze_dt,
        object,
        sha256,
        fetched_at,
        meta[1] as symbol,
        meta[2] as exchange_timezone,
        meta[3] as source_currency,
        events[1] as dividends,
        events[2] as splits
    from (
        select
            *,
            json_extract_string(result.meta, ['$.symbol', '$.exchangeTimezoneName', '$.currency']) as meta,
            json_extract(result.events, ['$.dividends', '$.splits']) as events
        from payloads
    )
),

checked as (
    select *
    from charts
    where case
        when symbol is null
            then error(format('yahoo prices {}: chart.result[0].meta.symbol is missing', object))
        when symbol <> key
            then error(format('yahoo prices {}: meta.symbol {} is not the requested symbol {}', object, symbol, key))
        when exchange_timezone is null
            then error(format('yahoo prices {}: chart.result[0].meta.exchangeTimezoneName is missing', object))
        when json_type(dividends) is distinct from 'OBJECT' and dividends is not null
            then error(format('yahoo prices {}: events.dividends is {}, expected an object', object, json_type(dividends)))
        when json_type(splits) is distinct from 'OBJECT' and splits is not null
            then error(format('yahoo prices {}: events.splits is {}, expected an object', object, json_type(splits)))
        else true
    end
),

dividend_keys as (
    -- An absent events.dividends unnests to no rows. (No `is not null` filter: it could be evaluated
    -- before the error check above and let a broken payload through.)
    select *, unnest(json_keys(dividends)) as event_key
    from checked
),

split_keys as (
    select *, unnest(json_keys(splits)) as event_key
    from checked
),

events as (
    select
        symbol,
        exchange_timezone,
        source_currency,
        fetched_at,
        bronze_dt,
        object,
        sha256,
        event_key,
        'dividend' as kind,
        json_extract(dividends, event_key) as event
    from dividend_keys

    union all

    select
        symbol,
        exchange_timezone,
        source_currency,
        fetched_at,
        bronze_dt,
        object,
        sha256,
        event_key,
        'split' as kind,
        json_extract(splits, event_key) as event
    from split_keys
),

fields as (
    select
        *,
        coalesce(json_type(event, '$.date'), 'MISSING') as date_type,
        coalesce(json_type(event, '$.amount'), 'MISSING') as amount_type,
        coalesce(json_type(event, '$.numerator'), 'MISSING') as numerator_type,
        coalesce(json_type(event, '$.denominator'), 'MISSING') as denominator_type
    from events
),

fields_checked as (
    select *
    from fields
    where case
        when date_type not in ('UBIGINT', 'BIGINT')
            then error(format('yahoo prices {}: {} event {} has no whole-second date', object, kind, event_key))
        when kind = 'dividend' and amount_type not in ('UBIGINT', 'BIGINT', 'DOUBLE')
            then error(format('yahoo prices {}: dividend {} has no numeric amount', object, event_key))
        when kind = 'split' and (
            numerator_type not in ('UBIGINT', 'BIGINT', 'DOUBLE')
            or denominator_type not in ('UBIGINT', 'BIGINT', 'DOUBLE')
        )
            then error(format('yahoo prices {}: split {} lacks a numeric numerator and denominator', object, event_key))
        else true
    end
),

typed as (
    select
        fields_checked.symbol,
        timezone(
            fields_checked.exchange_timezone,
            to_timestamp(json_extract_string(fields_checked.event, '$.date')::BIGINT)
        )::DATE as dt,
        fields_checked.kind,
        case when fields_checked.kind = 'dividend' then
            (
                json_extract_string(fields_checked.event, '$.amount')::DECIMAL(38, 18)
                * coalesce(currencies.to_major, 1)
            )::DECIMAL(38, 12)
        end as amount,
        case when fields_checked.kind = 'dividend' then currencies.currency end as currency,
        json_extract_string(fields_checked.event, '$.numerator')::DECIMAL(38, 6) as numerator,
        json_extract_string(fields_checked.event, '$.denominator')::DECIMAL(38, 6) as denominator,
        fields_checked.fetched_at,
        fields_checked.bronze_dt,
        fields_checked.object,
        fields_checked.sha256 as bronze_sha256
    from fields_checked
    left join currencies on currencies.code = fields_checked.source_currency
),

latest as (
    select *
    from typed
    qualify row_number() over (
        partition by symbol, dt, kind order by fetched_at desc, bronze_dt desc, object desc
    ) = 1
),

final as (
    select
        symbol,
        dt,
        kind,
        amount,
        currency,
        numerator,
        denominator,
        fetched_at,
        bronze_sha256
    from latest
)

select * from final
