"""The Processing provider and its algorithms (flair:segment, flair:style, flair:evaluate, ...)."""
