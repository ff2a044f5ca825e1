"""Resolution: from text mentions to known actors, countries and places."""
