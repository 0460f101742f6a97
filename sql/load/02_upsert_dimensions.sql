-- Add the sources, places, periods and units the incoming statistics name, once each.
-- Their keys were made and their rows checked against their contracts before loading
-- (statwh.frames.dimension_frames, schemas/dimensions.py).
insert into dim_source
select source_id, name from incoming_sources
where source_id not in (select source_id from dim_source);

insert into dim_geography
select geography_id, name from incoming_geographies
where geography_id not in (select geography_id from dim_geography);

insert into dim_period
select period_id, label, cast(period_start as date), cast(period_end as date) from incoming_periods
where period_id not in (select period_id from dim_period);

insert into dim_unit
select unit, unit_class from incoming_units
where unit not in (select unit from dim_unit);
