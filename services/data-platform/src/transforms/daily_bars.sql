-- silver.daily_bars: one row per listing and trading day (grain: symbol, dt), from every current Yahoo
-- v8 chart payload. dt is the trading date in the exchange's own time zone (meta.exchangeTimezoneName);
-- prices are converted from Yahoo's minor units (GBp, ZAc, ILA) to the ISO major currency, exactly, in
-- decimal. Drops (counted by the conservation check): bars whose close is null, and bars superseded by
-- a later fetch of the same (symbol, dt).

with

payloads as (
    -- The payloads as read_json types them (see pointBronzeView): parsed once, no text re-parsing.
    select key, dt as bronze_dt, object, sha256, fetched_at, chart.result[1] as result
    from bronze.yahoo_prices_typed
),

currencies as (
    select code, currency, to_major
    from silver.currencies
),

series as (
    -- Arrays of numbers are JSON[]: every element is the number's text as json_extract writes it (or
    -- SQL NULL for a JSON null), so a retyped element is still visible here.
    select
        key,
        bronze_dt,
        object,
        sha256,
        fetched_at,
        result.meta.symbol as symbol,
        result.meta.exchangeTimezoneName as exchange_timezone,
        result.meta.currency as source_currency,
        result."timestamp" as timestamps,
        result.indicators.quote[1] as quote,
        result.indicators.quote[1]."open" as open_json,
        result.indicators.quote[1].high as high_json,
        result.indicators.quote[1].low as low_json,
        result.indicators.quote[1]."close" as close_json,
        result.indicators.quote[1].volume as volume_json,
        result.indicators.adjclose[1].adjclose as adjclose_json
    from payloads
),

shapes as (
    select
        *,
        -- A window without sessions comes back with no timestamp and an empty quote object.
        timestamps is null
        and quote is not null
        and open_json is null
        and high_json is null
        and low_json is null
        and close_json is null
        and volume_json is null as is_empty_window,
        [
            len(timestamps),
            len(open_json),
            len(high_json),
            len(low_json),
            len(close_json),
            len(volume_json),
            len(adjclose_json)
        ] as lengths
    from series
),

validated as (
    select
        *,
        case
            when symbol is null then 'chart.result[0].meta.symbol is missing'
            when symbol <> key then format('meta.symbol {} is not the requested symbol {}', symbol, key)
            when exchange_timezone is null then 'chart.result[0].meta.exchangeTimezoneName is missing'
            when source_currency is null then 'chart.result[0].meta.currency is missing'
            when quote is null then 'chart.result[0].indicators.quote[0] is missing'
            when is_empty_window then null
            when timestamps is null then 'chart.result[0].timestamp is missing'
            when len(list_filter(timestamps, lambda x: not coalesce(regexp_full_match(x::VARCHAR, '[0-9]+'), false))) > 0
                then 'chart.result[0].timestamp is not an array of whole seconds'
            when open_json is null or high_json is null or low_json is null or close_json is null
                or volume_json is null or adjclose_json is null
                then 'indicators.quote[0].open/high/low/close/volume or indicators.adjclose[0].adjclose is missing'
            when list_distinct(lengths).len() <> 1
                then format('the price arrays do not all have one value per timestamp ({})', lengths[1])
            -- A JSON number's text always reads as a finite DOUBLE; a string's (quoted), an object's or
            -- a boolean's never does.
            when list_has_any(
                list_transform(
                    [open_json, high_json, low_json, close_json, adjclose_json],
                    lambda a: len(list_filter(
                        a, lambda x: x is not null and not coalesce(isfinite(try_cast(x::VARCHAR AS DOUBLE)), false)
                    )) = 0
                ),
                [false]
            )
                then 'a price array is not an array of numbers and nulls'
            when len(list_filter(volume_json, lambda x: x is not null and not regexp_full_match(x::VARCHAR, '-?[0-9]+'))) > 0
                then 'indicators.quote[0].volume is not an array of whole numbers and nulls'
        end as problem
    from shapes
),

checked as (
    select *
    from validated
    where case
        when problem is null then true
        else error(format('yahoo prices {}: {}', object, problem))
    end
),

bars as (
    -- Parallel unnest zips the arrays by position; their lengths were checked above. Numbers are taken
    -- as text so the decimal conversion below is exact (no binary floating point in between).
    select
        symbol,
        exchange_timezone,
        source_currency,
        fetched_at,
        bronze_dt,
        object,
        sha256,
        unnest(timestamps::VARCHAR[]) as bar_ts,
        unnest(open_json::VARCHAR[]) as open_text,
        unnest(high_json::VARCHAR[]) as high_text,
        unnest(low_json::VARCHAR[]) as low_text,
        unnest(close_json::VARCHAR[]) as close_text,
        unnest(adjclose_json::VARCHAR[]) as adj_close_text,
        unnest(volume_json::VARCHAR[]) as volume_text
    -- No other filter here: a filter beside the error check above could be evaluated first and let a
    -- broken payload through (an empty window simply unnests to no rows).
    from checked
),

priced as (
    select
        bars.*,
        currencies.currency,
        coalesce(currencies.to_major, 1) as to_major,
        -- value x 10^18 -> units of 10^-12 in the major currency: divide by 10^6 / to_major.
        round(1000000 / coalesce(currencies.to_major, 1))::HUGEINT as divisor
    from bars
    -- An unknown currency code keeps Yahoo's numbers and a null currency (fails not_null).
    left join currencies on currencies.code = bars.source_currency
),

typed as (
    -- Each number's own text, converted exactly to DECIMAL(38,12) in the major unit, rounded half away
    -- from zero. Plain decimal text is split at the point and read as integers (DuckDB's text to
    -- DECIMAL(38,x) cast is several times slower on long histories); any other form (exponents, more
    -- than 18 digits) takes that cast, which rounds the same way.
    select
        symbol,
        timezone(exchange_timezone, to_timestamp(bar_ts::BIGINT))::DATE as dt,
        bar_ts::BIGINT as bar_ts,
        list_transform(
            [open_text, high_text, low_text, close_text, adj_close_text],
            -- Fast path: a price already in the major unit (to_major = 1) that fits DECIMAL(18,12) is
            -- one rounding of its own text, which is what the exact path computes; BIGINT-backed, it
            -- is several times cheaper. Minor units (and anything bigger) take the exact path.
            lambda t: coalesce(
                if(to_major = 1, try_cast(t AS DECIMAL(18, 12)), NULL)::DECIMAL(38, 12),
                case
                when regexp_full_match(t, '-?[0-9]{1,18}(\.[0-9]{1,18})?') then (
                    (
                        split_part(t, '.', 1)::BIGINT::HUGEINT * 1000000000000000000
                        + if(starts_with(t, '-'), -1, 1) * rpad(split_part(t, '.', 2), 18, '0')::BIGINT
                        + if(starts_with(t, '-'), -1, 1) * (divisor // 2)
                    ) // divisor
                )::DECIMAL(38, 0) * 0.000000000001::DECIMAL(13, 12)
                else (t::DECIMAL(38, 18) * to_major)::DECIMAL(38, 12)
                end
            )
        ) as prices,
        volume_text::BIGINT as volume,
        currency,
        source_currency,
        exchange_timezone,
        fetched_at,
        bronze_dt,
        object as bronze_object,
        sha256 as bronze_sha256
    from priced
    -- Dropped: Yahoo's all-null rows (days not filled in yet, a fund's trailing NAV row). Never 0.
    where close_text is not null
),

unpacked as (
    select
        * exclude (prices),
        prices[1] as open,
        prices[2] as high,
        prices[3] as low,
        prices[4] as close,
        prices[5] as adj_close
    from typed
),

latest as (
    -- Dropped: a (symbol, dt) also present in a later fetch. Within one payload, two stamps on the
    -- same local date (a live intraday bar) keep the later stamp.
    select *
    from unpacked
    qualify row_number() over (
        partition by symbol, dt
        order by fetched_at desc, bronze_dt desc, bronze_object desc, bar_ts desc
    ) = 1
),

final as (
    select
        symbol,
        dt,
        open,
        high,
        low,
        close,
        adj_close,
        volume,
        currency,
        source_currency,
        exchange_timezone,
        fetched_at,
        bronze_object,
        bronze_sha256
    from latest
)

select * from final
