"""kg: turn news articles into a knowledge graph of who negotiates with whom.

The library never prints or exits; the command line (``kg.cli``) does.
"""

__version__ = "0.1.0"
