"""Reading the data: packages, table schemas, the gazetteer, input hygiene, disclosure control, site settings, and
household rows aggregated to villages."""
