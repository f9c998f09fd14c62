"""Running the site: health for load balancers, every database migrated, periodic tasks,
the cache table."""
