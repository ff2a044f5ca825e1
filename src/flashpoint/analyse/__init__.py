"""Analysis over stored events: cross-article merging, dyad series, escalation detection, reports."""
