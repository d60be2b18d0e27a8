-- The article's quantitative claims as loaded, one row per claim, with their source document.
with claims as (
    select * from ref_claims
),

documents as (
    select doc_id, title as source_title, url as source_url from ref_documents
),

final as (
    select
        claims.claim_id,
        claims.section,
        claims.statement,
        claims.value,
        claims.value_high,
        claims.unit,
        claims.approx,
        string_split(claims.subject_ids, ';') as subject_ids,
        claims.note,
        claims.source_doc_id,
        documents.source_title,
        documents.source_url,
        claims.as_of,
        claims.snapshot_sha256
    from claims
    left join documents on documents.doc_id = claims.source_doc_id
)

select * from final
order by claim_id
