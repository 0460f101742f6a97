-- Add the sources, places, periods and units the incoming statistics name, once each.
insert into dim_source
select distinct md5(lower(source)), source
from incoming_statistics
where source is not null
  and md5(lower(source)) not in (select source_id from dim_source);

insert into dim_geography
select distinct md5(lower(geography)), geography
from incoming_statistics
where geography is not null
  and md5(lower(geography)) not in (select geography_id from dim_geography);

insert into dim_period
select distinct
    md5(concat_ws('|', period_label, cast(period_start as date), cast(period_end as date))),
    period_label, cast(period_start as date), cast(period_end as date)
from incoming_statistics
where period_label is not null
  and md5(concat_ws('|', period_label, cast(period_start as date), cast(period_end as date)))
      not in (select period_id from dim_period);

insert into dim_unit
select unit, unit_class from incoming_units
where unit not in (select unit from dim_unit);
