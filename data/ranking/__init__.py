"""Pure ranking functions over events and listeners' affinities (no database access)."""
