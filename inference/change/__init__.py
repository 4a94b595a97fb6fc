"""Land take between two vintages: change polygons, transition matrix, per-zone balance (ZAN)."""
