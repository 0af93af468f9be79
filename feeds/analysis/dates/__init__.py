"""When an event happened: dates and weekdays in the text, resolved against publication."""
