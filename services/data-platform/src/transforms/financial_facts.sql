-- silver.financial_facts: SEC XBRL company facts, flattened (grain: cik, taxonomy, concept, unit,
-- period_start, period_end). Every taxonomy (us-gaap, ifrs-full, dei, srt, ...) and every unit (USD,
-- TWD, shares, USD/shares, pure, ...) is kept. Instants have no `start`: period_start is null and
-- period_start_key holds 0001-01-01 so the key has no nulls. Each companyfacts payload is a complete
-- snapshot, so only the latest fetch per company is read. Drops (counted): a fact repeated by later
-- filings keeps the latest `filed` (ties: the highest accession number).

with

latest_captures as (
    -- Each companyfacts payload is a complete snapshot: the latest capture per company is chosen on
    -- lineage alone, so only those payloads are read and parsed.
    select local_path
    from bronze.files
    where source = 'sec' and dataset = 'companyfacts'
    qualify row_number() over (partition by key order by fetched_at desc, dt desc, object desc) = 1
),

latest_payloads as (
    select key, object, sha256, fetched_at, content
    from bronze.sec_companyfacts
    where local_path in (select local_path from latest_captures)
),

parsed as (
    -- One parse per payload: `facts` is keyed by taxonomy, then concept, then unit, so it comes out as
    -- nested maps in one pass over the (multi-megabyte) text. Each fact has exactly one "accn": counting
    -- them in the raw text gives an independent check that no part of the tree was skipped because its
    -- type changed (a lenient parse turns a retyped object into null).
    select
        key,
        object,
        sha256,
        fetched_at,
        json_type(document.cik) as cik_type,
        document.cik::VARCHAR as cik_number,
        document.facts,
        len(regexp_extract_all(content, '"accn"\s*:')) as accn_count
    from (
        select
            *,
            from_json(
                content,
                '{"cik": "JSON", "facts": "MAP(VARCHAR, MAP(VARCHAR, STRUCT(units MAP(VARCHAR, STRUCT(start VARCHAR, \"end\" VARCHAR, val JSON, accn VARCHAR, fy JSON, fp VARCHAR, form VARCHAR, filed VARCHAR, frame VARCHAR)[]))))"}'
            ) as document
        from latest_payloads
    )
),

counted as (
    select
        *,
        coalesce(list_sum(list_transform(map_values(facts), lambda concepts: coalesce(list_sum(list_transform(
            map_values(concepts),
            lambda concept: coalesce(list_sum(list_transform(map_values(concept.units), lambda u: len(u))), 0)
        )), 0))), 0) as fact_count
    from parsed
),

checked as (
    -- The only filter on payloads: another one beside it could be evaluated first and let a broken
    -- payload through.
    select key, object, sha256, fetched_at, lpad(cik_number, 10, '0') as cik, facts
    from counted
    where case
        when cik_type is distinct from 'UBIGINT'
            then error(format('sec companyfacts {}: cik is {}, expected a number', object, coalesce(cik_type, 'missing')))
        when 'CIK' || lpad(cik_number, 10, '0') <> key
            then error(format('sec companyfacts {}: cik {} does not match the key {}', object, cik_number, key))
        when fact_count <> accn_count
            then error(format(
                'sec companyfacts {}: parsed {} facts but the payload has {} "accn" fields; a part of facts.<taxonomy>.<concept>.units changed shape',
                object, fact_count, accn_count
            ))
        else true
    end
),

taxonomies as (
    select cik, object, sha256, fetched_at, unnest(map_entries(facts)) as taxonomy_entry
    from checked
),

concepts as (
    select
        cik,
        object,
        sha256,
        fetched_at,
        taxonomy_entry.key as taxonomy,
        unnest(map_entries(taxonomy_entry.value)) as concept_entry
    from taxonomies
),

units as (
    select
        cik,
        object,
        sha256,
        fetched_at,
        taxonomy,
        concept_entry.key as concept,
        unnest(map_entries(concept_entry.value.units)) as unit_entry
    from concepts
),

facts as (
    select
        cik,
        object,
        sha256,
        fetched_at,
        taxonomy,
        concept,
        unit_entry.key as unit,
        unnest(unit_entry.value) as fact
    from units
),

facts_checked as (
    select *
    from facts
    where case
        when fact."end" is null or fact.accn is null or fact.filed is null or fact.form is null
            then error(format(
                'sec companyfacts {}: a {}:{} [{}] fact lacks end, accn, filed or form',
                object, taxonomy, concept, unit
            ))
        when coalesce(json_type(fact.val), 'NULL') not in ('UBIGINT', 'BIGINT', 'DOUBLE')
            then error(format(
                'sec companyfacts {}: {}:{} [{}] accn {} has a val that is not a number',
                object, taxonomy, concept, unit, fact.accn
            ))
        when coalesce(json_type(fact.fy), 'NULL') not in ('UBIGINT', 'BIGINT', 'NULL')
            then error(format(
                'sec companyfacts {}: {}:{} [{}] accn {} has an fy that is not a whole number',
                object, taxonomy, concept, unit, fact.accn
            ))
        else true
    end
),

typed as (
    select
        cik,
        taxonomy,
        concept,
        unit,
        fact.start::DATE as period_start,
        fact."end"::DATE as period_end,
        fact.val::VARCHAR::DECIMAL(38, 6) as val,
        fact.fy::VARCHAR::INTEGER as fy,
        fact.fp,
        fact.form,
        fact.filed::DATE as filed,
        fact.accn,
        fact.frame,
        fetched_at,
        sha256 as bronze_sha256
    from facts_checked
),

latest as (
    select *
    from typed
    qualify row_number() over (
        partition by cik, taxonomy, concept, unit, period_start, period_end
        order by filed desc, accn desc, form desc, frame desc nulls last, val desc
    ) = 1
),

final as (
    select
        cik,
        taxonomy,
        concept,
        unit,
        period_start,
        period_end,
        val,
        fy,
        fp,
        form,
        filed,
        accn,
        frame,
        coalesce(period_start, DATE '0001-01-01') as period_start_key,
        fetched_at,
        bronze_sha256
    from latest
)

select * from final
