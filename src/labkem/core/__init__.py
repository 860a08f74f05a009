"""The ground floor: paths and the build folder's layout, the site's addresses, constants, errors, formatting,
digests, progress and worker processes. Imports nothing from the rest of labkem."""
