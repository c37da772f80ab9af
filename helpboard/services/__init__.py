"""The board's rules, as plain functions that both the HTML pages and the JSON API call."""
