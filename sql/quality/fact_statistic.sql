-- The facts as loaded, with whether each key they hold points at a row of its dimension.
select
    f.*,
    d.document_id is not null                          as document_exists,
    f.source_id is null or s.source_id is not null     as source_exists,
    f.geography_id is null or g.geography_id is not null as geography_exists,
    f.period_id is null or p.period_id is not null     as period_exists,
    u.unit is not null                                 as unit_exists
from fact_statistic f
left join dim_document  d on d.document_id = f.document_id
left join dim_source    s on s.source_id = f.source_id
left join dim_geography g on g.geography_id = f.geography_id
left join dim_period    p on p.period_id = f.period_id
left join dim_unit      u on u.unit = f.unit
