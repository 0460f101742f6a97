select * from dim_period
