"""The tier engine's panels (filled in with the pages)."""
