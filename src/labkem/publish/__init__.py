"""Publish stage: the site generator, data pages placed into their shells, search, and the site swapped in whole."""
