"""Render stage: page models to data pages (HTML templates into bundles) and every download into the render folder."""
