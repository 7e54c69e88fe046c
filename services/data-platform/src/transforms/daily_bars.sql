-- silver.daily_bars: one row per listing and trading day (grain: symbol, dt), from every current Yahoo
-- v8 chart payload. dt is the trading date in the exchange's own time zone (meta.exchangeTimezoneName);
-- prices are converted from Yahoo's minor units (GBp, ZAc, ILA) to the ISO major currency, exactly, in
-- decimal. Drops (counted by the conservation check): bars whose close is null, and bars superseded by
-- a later fetch of the same (symbol, dt).

with

payloads as (
    -- The payloads as read_json types them (see pointBronzeView): parsed once, no text re-parsing.
    select key, object, chart.result[1] as result
    from bronze.yahoo_prices_chart
),

fetches as (
    -- Every current payload's lineage, numbered (from bronze.files alone, like instruments' choice of
    -- captures) in the order "later fetch" means: fetched_at, then bronze partition, then object name
    -- (nulls first, so that in descending order they come last, as before). Bars carry this number
    -- through de-duplication instead of three strings: the window below copies every column of every
    -- bar, and those strings were about a quarter of its work.
    select
        key,
        object,
        sha256,
        fetched_at,
        row_number() over (order by fetched_at nulls first, dt nulls first, object nulls first) as fetch_order
    from bronze.files
    where source = 'yahoo' and dataset = 'prices'
),

lineage as (
    -- fetch_order -> lineage after de-duplication: lists indexed by it (no join of every bar).
    select
        list(fetched_at order by fetch_order) as fetched_ats,
        list(object order by fetch_order) as objects,
        list(sha256 order by fetch_order) as sha256s
    from fetches
),

currencies as (
    select code, currency, to_major
    from silver.currencies
),

series as (
    -- Arrays of numbers are JSON[]: every element is the number's text as json_extract writes it (or
    -- SQL NULL for a JSON null), so a retyped element is still visible here. The currency belongs to
    -- the payload: looked up once per payload, not once per bar.
    select
        payloads.key,
        payloads.object,
        fetches.fetch_order,
        payloads.result.meta.symbol as symbol,
        payloads.result.meta.exchangeTimezoneName as exchange_timezone,
        payloads.result.meta.currency as source_currency,
        currencies.currency,
        coalesce(currencies.to_major, 1) as to_major,
        payloads.result."timestamp" as timestamps,
        payloads.result.indicators.quote[1] as quote,
        payloads.result.indicators.quote[1]."open" as open_json,
        payloads.result.indicators.quote[1].high as high_json,
        payloads.result.indicators.quote[1].low as low_json,
        payloads.result.indicators.quote[1]."close" as close_json,
        payloads.result.indicators.quote[1].volume as volume_json,
        payloads.result.indicators.adjclose[1].adjclose as adjclose_json
    from payloads
    join fetches on fetches.object = payloads.object and fetches.key = payloads.key
    -- An unknown currency code keeps Yahoo's numbers and a null currency (fails not_null).
    left join currencies on currencies.code = payloads.result.meta.currency
),

shapes as (
    -- Prices are converted exactly to DECIMAL(38,12) in the major unit, from each number's own text,
    -- rounded half away from zero. DuckDB's text to DECIMAL cast rounds that way, and BIGINT-backed
    -- (width 18) it is several times cheaper than at width 38, so it is the fast path wherever the value
    -- fits, taken here over whole arrays (try_cast: NULL where it does not apply, never an error):
    -- - to_major = 1: one cast to DECIMAL(18,12) (below 10^6);
    -- - to_major = 0.01: x / 100 rounded to 12 decimals is x rounded to 10 decimals, moved two places:
    --   a cast to DECIMAL(18,10) (below 10^8), times 0.01, which is exact. Only plain decimal text
    --   (short, no exponent) takes it: the form whose exact path below is a single rounding as well.
    -- Other values (and factors) take the exact path, per bar.
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
        ] as lengths,
        -- open, high, low, close, adjclose: one list of fast-path values per array (other factors: NULL)
        list_transform(
            [open_json, high_json, low_json, close_json, adjclose_json],
            lambda a: case to_major
                when 1 then list_transform(a, lambda x: try_cast(x::VARCHAR AS DECIMAL(18, 12)))
                when 0.01 then list_transform(a, lambda x: if(
                    strlen(x::VARCHAR) <= 19 and not contains(x::VARCHAR, 'e'),
                    try_cast(x::VARCHAR AS DECIMAL(18, 10)) * 0.01::DECIMAL(3, 2),
                    NULL
                ))
            end
        ) as fast
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
            -- One match over the array's text (`[1598880600, 1598967000]`: elements as written, NULL for a
            -- null) instead of one per element: only digit-only elements can be joined into this form.
            when not regexp_full_match(timestamps::VARCHAR, '\[([0-9]+(, [0-9]+)*)?\]')
                then 'chart.result[0].timestamp is not an array of whole seconds'
            when open_json is null or high_json is null or low_json is null or close_json is null
                or volume_json is null or adjclose_json is null
                then 'indicators.quote[0].open/high/low/close/volume or indicators.adjclose[0].adjclose is missing'
            when list_distinct(lengths).len() <> 1
                then format('the price arrays do not all have one value per timestamp ({})', lengths[1])
            -- A JSON number's text always reads as a finite DOUBLE; a string's (quoted), an object's or
            -- a boolean's never does. Text that the fast path read as a DECIMAL is such a number, so only
            -- an array with an element it left out is checked element by element.
            when not (
                coalesce(list_count(fast[1]) = list_count(open_json), false)
                and coalesce(list_count(fast[2]) = list_count(high_json), false)
                and coalesce(list_count(fast[3]) = list_count(low_json), false)
                and coalesce(list_count(fast[4]) = list_count(close_json), false)
                and coalesce(list_count(fast[5]) = list_count(adjclose_json), false)
            )
            and list_has_any(
                list_transform(
                    [open_json, high_json, low_json, close_json, adjclose_json],
                    lambda a: len(list_filter(
                        a, lambda x: x is not null and not coalesce(isfinite(try_cast(x::VARCHAR AS DOUBLE)), false)
                    )) = 0
                ),
                [false]
            )
                then 'a price array is not an array of numbers and nulls'
            when not regexp_full_match(volume_json::VARCHAR, '\[((-?[0-9]+|NULL)(, (-?[0-9]+|NULL))*)?\]')
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
    -- Parallel unnest zips the arrays by position; their lengths were checked above. Numbers stay text
    -- (beside the fast path's decimals) so the exact path below has it: no binary floating point.
    select
        symbol,
        exchange_timezone,
        source_currency,
        currency,
        to_major,
        fetch_order,
        unnest(timestamps::VARCHAR[]) as bar_ts,
        unnest(open_json::VARCHAR[]) as open_text,
        unnest(high_json::VARCHAR[]) as high_text,
        unnest(low_json::VARCHAR[]) as low_text,
        unnest(close_json::VARCHAR[]) as close_text,
        unnest(adjclose_json::VARCHAR[]) as adj_close_text,
        unnest(volume_json::VARCHAR[]) as volume_text,
        unnest(fast[1]) as open_fast,
        unnest(fast[2]) as high_fast,
        unnest(fast[3]) as low_fast,
        unnest(fast[4]) as close_fast,
        unnest(fast[5]) as adj_close_fast
    -- No other filter here: a filter beside the error check above could be evaluated first and let a
    -- broken payload through (an empty window simply unnests to no rows).
    from checked
),

typed as (
    select
        symbol,
        timezone(exchange_timezone, to_timestamp(bar_ts::BIGINT))::DATE as dt,
        bar_ts::BIGINT as bar_ts,
        open_text,
        high_text,
        low_text,
        close_text,
        adj_close_text,
        open_fast::DECIMAL(38, 12) as open_fast,
        high_fast::DECIMAL(38, 12) as high_fast,
        low_fast::DECIMAL(38, 12) as low_fast,
        close_fast::DECIMAL(38, 12) as close_fast,
        adj_close_fast::DECIMAL(38, 12) as adj_close_fast,
        to_major,
        volume_text::BIGINT as volume,
        currency,
        source_currency,
        exchange_timezone,
        fetch_order
    from bars
    -- Dropped: Yahoo's all-null rows (days not filled in yet, a fund's trailing NAV row). Never 0.
    where close_text is not null
),

exact as (
    -- The exact path, for the bars with a price the fast path left out (from 10^6, or 10^8 in a minor
    -- unit, exponents, other factors): plain decimal text is split at the point and read as integers
    -- (DuckDB's text to DECIMAL(38,x) cast is several times slower on long histories); any other form
    -- (exponents, more than 18 digits) takes that cast, which rounds the same way.
    select
        *,
        case
            when (open_fast is not null or open_text is null)
                and (high_fast is not null or high_text is null)
                and (low_fast is not null or low_text is null)
                and close_fast is not null
                and (adj_close_fast is not null or adj_close_text is null)
                then NULL
            else list_transform(
                [open_text, high_text, low_text, close_text, adj_close_text],
                -- value x 10^18 -> units of 10^-12 in the major currency: divide by 10^6 / to_major.
                lambda t: case
                    when regexp_full_match(t, '-?[0-9]{1,18}(\.[0-9]{1,18})?') then (
                        (
                            split_part(t, '.', 1)::BIGINT::HUGEINT * 1000000000000000000
                            + if(starts_with(t, '-'), -1, 1) * rpad(split_part(t, '.', 2), 18, '0')::BIGINT
                            + if(starts_with(t, '-'), -1, 1) * (round(1000000 / to_major)::HUGEINT // 2)
                        ) // round(1000000 / to_major)::HUGEINT
                    )::DECIMAL(38, 0) * 0.000000000001::DECIMAL(13, 12)
                    else (t::DECIMAL(38, 18) * to_major)::DECIMAL(38, 12)
                end
            )
        end as exact_prices
    from typed
),

converted as (
    select
        symbol,
        dt,
        bar_ts,
        coalesce(open_fast, exact_prices[1]) as open,
        coalesce(high_fast, exact_prices[2]) as high,
        coalesce(low_fast, exact_prices[3]) as low,
        coalesce(close_fast, exact_prices[4]) as close,
        coalesce(adj_close_fast, exact_prices[5]) as adj_close,
        volume,
        currency,
        source_currency,
        exchange_timezone,
        fetch_order
    from exact
),

latest as (
    -- Dropped: a (symbol, dt) also present in a later fetch (a higher fetch_order). Within one payload,
    -- two stamps on the same local date (a live intraday bar) keep the later stamp.
    select *
    from converted
    qualify row_number() over (
        partition by symbol, dt
        order by fetch_order desc, bar_ts desc
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
        (select fetched_ats from lineage)[fetch_order] as fetched_at,
        (select objects from lineage)[fetch_order] as bronze_object,
        (select sha256s from lineage)[fetch_order] as bronze_sha256
    from latest
)

select * from final
