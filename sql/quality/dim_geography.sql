select * from dim_geography
