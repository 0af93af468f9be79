"""The maliwatch command line: subcommands, console output, the demo."""
