"""Resolution of feed records to shared rows: venues, artists, and events across sources."""
