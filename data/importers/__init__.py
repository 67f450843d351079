"""Listening history in: Spotify export formats and live sync, through one normaliser and store."""
