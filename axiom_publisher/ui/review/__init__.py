"""The Review tab: the review queue, the player with compare modes, notes and decisions."""
