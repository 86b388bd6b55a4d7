"""Data files: gazetteers, alias tables, trigger lexicons."""
