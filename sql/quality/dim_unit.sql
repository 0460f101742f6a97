select * from dim_unit
