"""Social accounts read logged out: one small adapter per platform (SOCIAL_NOTES.md)."""
