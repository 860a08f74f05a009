"""The data products: package downloads and the static API, the catalogue, releases, chart files, the starter kit,
the guide's PDF, and the audit of everything published."""
