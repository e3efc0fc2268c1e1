"""The tracker's side of the publish layer: `sync` brings the tracker's plan in."""
