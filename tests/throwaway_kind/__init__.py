"""A channel kind that exists only in the tests: a spider module and an extractor, nothing
else (issue 9). ``tests/test_new_channel_kind.py`` crawls it end to end."""
