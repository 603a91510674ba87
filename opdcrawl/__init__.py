"""opdcrawl: are the websites and social accounts of Indonesian regional agencies alive?"""

__version__ = "0.1.0"
