select * from dim_source
