"""One module per `labkem` command: what it does, called by `labkem.cli` once the options are parsed."""
