-- silver.instruments: one row per listing symbol seen in Yahoo prices or in an OpenFIGI mapping.
-- Yahoo gives the listing's own facts (exchange, currency, type, time zone) from its latest payload;
-- OpenFIGI gives the FIGIs; SEC company_tickers.json gives the CIK (Yahoo `BRK-B` = SEC `BRK-B`) and
-- the latest submissions file gives the SIC code. Unmapped parts are null.

with

latest_captures as (
    -- The latest capture per key, chosen on lineage alone, so only those payloads are read and parsed
    -- (Yahoo's daily look-back windows and the daily SEC snapshots pile up in bronze).
    select local_path
    from bronze.files
    qualify row_number() over (
        partition by source, dataset, key order by fetched_at desc, dt desc, object desc
    ) = 1
),

yahoo_payloads as (
    -- Only each payload's meta object, typed by read_json (see pointBronzeView).
    select key, object, chart.result[1].meta as meta
    from bronze.yahoo_prices_meta
    where local_path in (select local_path from latest_captures)
),

figi_payloads as (
    -- Every batch: a symbol's latest answer may sit in any of them.
    select key, dt as bronze_dt, object, fetched_at, request_body, content
    from bronze.openfigi_mapping
),

ticker_payloads as (
    select key, object, content
    from bronze.sec_tickers
    where local_path in (select local_path from latest_captures)
),

submission_payloads as (
    -- Only the main file per company (`CIK##########`) has the SIC code; paged files
    -- (`CIK##########-submissions-001`) hold older filings only.
    select key, object, content
    from bronze.sec_submissions
    where local_path in (select local_path from latest_captures) and regexp_full_match(key, 'CIK[0-9]{10}')
),

currencies as (
    select code, currency
    from silver.currencies
),

-- OpenFIGI exchange codes back to Yahoo suffixes: the inverse of `mappingJob` in
-- ingestion/openfigi/client.ts and the exchange table in ingestion/universe.ts.
figi_exchanges as (
    select exch_code, yahoo_suffix
    from (values
        ('US', ''),
        ('LN', '.L'),
        ('GY', '.DE'),
        ('GF', '.F'),
        ('JT', '.T'),
        ('NZ', '.NZ')
    ) as t (exch_code, yahoo_suffix)
),

yahoo_meta as (
    select
        key,
        object,
        meta.symbol as symbol,
        meta.longName as long_name,
        meta.shortName as short_name,
        meta.fullExchangeName as full_exchange_name,
        meta.exchangeName as exchange_name,
        meta.currency as source_currency,
        meta.instrumentType as instrument_type,
        meta.exchangeTimezoneName as exchange_timezone
    from yahoo_payloads
),

yahoo_latest as (
    select *
    from yahoo_meta
    where case
        when symbol is null
            then error(format('yahoo prices {}: chart.result[0].meta.symbol is missing', object))
        when symbol <> key
            then error(format('yahoo prices {}: meta.symbol {} is not the requested symbol {}', object, symbol, key))
        else true
    end
),

figi_batches as (
    select
        *,
        json_type(request_body) as request_type,
        json_type(content) as response_type,
        json_array_length(request_body)::BIGINT as job_count,
        json_array_length(content)::BIGINT as result_count
    from figi_payloads
),

figi_checked as (
    select *
    from figi_batches
    where case
        when request_body is null
            then error(format(
                'openfigi mapping {}: the manifest has no request body; results are positional and cannot be attributed',
                object
            ))
        when request_type <> 'ARRAY' or response_type <> 'ARRAY'
            then error(format('openfigi mapping {}: request and response must be JSON arrays', object))
        when job_count <> result_count
            then error(format('openfigi mapping {}: {} results for {} jobs', object, result_count, job_count))
        else true
    end
),

figi_jobs as (
    -- Jobs and results are zipped by position (OpenFIGI answers in request order).
    select
        object,
        fetched_at,
        bronze_dt,
        unnest(range(job_count)) as job_index,
        unnest(request_body::JSON[]) as job,
        unnest(content::JSON[]) as result
    from figi_checked
),

figi_items as (
    select
        figi_jobs.*,
        json_extract_string(job, '$.idType') as id_type,
        json_extract_string(job, '$.idValue') as id_value,
        json_extract_string(job, '$.exchCode') as exch_code,
        figi_exchanges.yahoo_suffix,
        json_extract(result, '$.data')::JSON[] as candidates,
        json_extract_string(result, '$.warning') as warning,
        json_extract_string(result, '$.error') as job_error
    from figi_jobs
    left join figi_exchanges on figi_exchanges.exch_code = json_extract_string(job, '$.exchCode')
),

figi_items_checked as (
    select *
    from figi_items
    where case
        when id_type is distinct from 'TICKER' or id_value is null
            then error(format('openfigi mapping {}: job {} is not a TICKER job with an idValue', object, job_index))
        when yahoo_suffix is null
            then error(format(
                'openfigi mapping {}: job {} has exchCode {}, which has no Yahoo suffix in instruments.sql',
                object, job_index, exch_code
            ))
        when candidates is null and warning is null and job_error is null
            then error(format('openfigi mapping {}: result {} has none of data, warning, error', object, job_index))
        else true
    end
),

figi_mapped as (
    select
        case
            when exch_code = 'US' then replace(id_value, '/', '-')
            else id_value || yahoo_suffix
        end as symbol,
        fetched_at,
        bronze_dt,
        object,
        job_index,
        -- A listing-level job answers with the composite (figi = compositeFIGI); else take the first.
        coalesce(
            list_filter(
                candidates,
                lambda d: json_extract_string(d, '$.figi') = json_extract_string(d, '$.compositeFIGI')
            )[1],
            candidates[1]
        ) as chosen
    from figi_items_checked
),

figi_latest as (
    select
        symbol,
        json_extract_string(chosen, '$.name') as figi_name,
        json_extract_string(chosen, '$.figi') as figi,
        json_extract_string(chosen, '$.compositeFIGI') as composite_figi,
        json_extract_string(chosen, '$.shareClassFIGI') as share_class_figi
    from figi_mapped
    qualify row_number() over (
        partition by symbol order by fetched_at desc, bronze_dt desc, object desc, job_index desc
    ) = 1
),

ticker_entries as (
    -- company_tickers.json is an object keyed "0", "1", ...; cik_str is an unpadded number.
    select
        object,
        unnest(map_entries(coalesce(
            from_json(content, '"MAP(VARCHAR, JSON)"'),
            error(format('sec tickers {}: expected an object keyed "0", "1", ...', object))
        ))) as entry
    from ticker_payloads
),

ticker_rows as (
    select
        object,
        entry.key as position,
        json_extract_string(entry.value, '$.ticker') as ticker,
        json_extract_string(entry.value, '$.cik_str') as cik_str
    from ticker_entries
),

tickers as (
    select
        ticker,
        lpad(cik_str, 10, '0') as cik
    from ticker_rows
    where case
        when ticker is null or cik_str is null or not regexp_full_match(cik_str, '[0-9]{1,10}')
            then error(format('sec tickers {}: entry "{}" lacks a ticker or a numeric cik_str', object, position))
        else true
    end
    -- A ticker listed twice keeps its first position.
    qualify row_number() over (partition by ticker order by position::INTEGER) = 1
),

companies as (
    select
        cik,
        nullif(sic, '') as sic,
        nullif(sector, '') as sector
    from (
        select
            key,
            object,
            json_extract_string(parts[1], '$') as cik,
            json_extract_string(parts[2], '$') as sic,
            json_extract_string(parts[3], '$') as sector
        from (
            select *, json_extract(content, ['$.cik', '$.sic', '$.sicDescription']) as parts
            from submission_payloads
        )
    )
    where case
        when cik is distinct from substr(key, 4)
            then error(format('sec submissions {}: cik is not the zero-padded {} of its key', object, substr(key, 4)))
        else true
    end
),

symbols as (
    select symbol from yahoo_latest
    union
    select symbol from figi_latest
),

final as (
    select
        symbols.symbol,
        coalesce(figi_latest.figi_name, trim(yahoo_latest.long_name), trim(yahoo_latest.short_name)) as name,
        coalesce(yahoo_latest.full_exchange_name, yahoo_latest.exchange_name) as exchange,
        currencies.currency,
        yahoo_latest.instrument_type as security_type,
        figi_latest.figi,
        figi_latest.composite_figi,
        figi_latest.share_class_figi,
        tickers.cik,
        companies.sic,
        companies.sector,
        yahoo_latest.exchange_timezone
    from symbols
    left join yahoo_latest on yahoo_latest.symbol = symbols.symbol
    left join figi_latest on figi_latest.symbol = symbols.symbol
    left join currencies on currencies.code = yahoo_latest.source_currency
    left join tickers on tickers.ticker = symbols.symbol
    left join companies on companies.cik = tickers.cik
)

select * from final
