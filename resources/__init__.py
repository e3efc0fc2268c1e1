"""Package data shipped with AXIOM: default configuration, icons, style sheet."""
