"""The standalone app's Ingest tab: batch publishing of deliveries (IngestTab)."""
