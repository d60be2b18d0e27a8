-- Release links a company's index has shown whose release has not been stored yet (no fetch of
-- that URL under the company's release source brought a body), oldest first, so a correction
-- published after the original release loads after it.
select l.url
from release_links as l
where l.company_id = $company_id
  and not exists (
      select 1 from fetch_log as f
      where f.source_id = $release_source_id and f.url = l.url and f.sha256 is not null
  )
order by l.published nulls first, l.first_seen_at, l.url
