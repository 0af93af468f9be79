"""I/O at the edge: fetch bytes over HTTP, parse them into Story values (bytes in, Story out)."""
