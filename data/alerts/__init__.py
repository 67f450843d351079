"""Alerts domain logic: what changed about an event, who should hear of it, the mail it makes."""
