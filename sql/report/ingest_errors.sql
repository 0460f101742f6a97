-- Files the latest runs could not read, the newest first: $limit at most.
select recorded_at, path, error_class, message
from v_ingest_errors
order by recorded_at desc, path
limit $limit
