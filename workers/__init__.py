"""Job functions, the queue adapter (RQ or in-process), the scheduler and Spotify sync."""
