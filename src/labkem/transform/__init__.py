"""Pure stage: validated tables in, page models and chart datasets out. No I/O."""
