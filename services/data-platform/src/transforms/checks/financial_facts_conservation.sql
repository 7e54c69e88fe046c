-- financial_facts: every fact of the latest companyfacts payload per company (counted as the "accn"
-- fields in the raw text) is in silver or was superseded by a later filing of the same (taxonomy,
-- concept, unit, period). Duplicates are counted on a second, minimal parse of the periods.
with

latest_payloads as (
    select key, content
    from bronze.sec_companyfacts
    where local_path in (
        select local_path
        from bronze.files
        where source = 'sec' and dataset = 'companyfacts'
        qualify row_number() over (partition by key order by fetched_at desc, dt desc, object desc) = 1
    )
),

payloads as (
    select
        key,
        len(regexp_extract_all(content, '"accn"\s*:')) as accn_count,
        from_json(
            content,
            '{"facts": "MAP(VARCHAR, MAP(VARCHAR, STRUCT(units MAP(VARCHAR, STRUCT(start VARCHAR, \"end\" VARCHAR)[]))))"}'
        ).facts as facts
    from latest_payloads
),

taxonomies as (
    select key, unnest(map_entries(facts)) as t
    from payloads
),

concepts as (
    select key, t.key as taxonomy, unnest(map_entries(t.value)) as c
    from taxonomies
),

units as (
    select key, taxonomy, c.key as concept, unnest(map_entries(c.value.units)) as u
    from concepts
),

periods as (
    select key, taxonomy, concept, u.key as unit, unnest(u.value) as p
    from units
),

distinct_facts as (
    select distinct key, taxonomy, concept, unit, p.start, p."end"
    from periods
)

select
    (select coalesce(sum(accn_count), 0) from payloads) as in_rows,
    (select count(*) from periods) - (select count(*) from distinct_facts) as dropped_rows
