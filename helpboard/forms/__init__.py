"""Forms: the one place input is checked, for the HTML pages, the JSON API and the outbox."""
