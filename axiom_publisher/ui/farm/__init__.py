"""The app's Farm tab: the farm jobs as AXIOM's database records them, with cancel and retry."""
