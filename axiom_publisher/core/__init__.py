"""Domain types, errors, names, frame ranges and path templates. Standard library only."""
