"""The ``opdcrawl`` subcommands, one module each, and what their arguments share."""


def region_list(values: list[str] | None) -> list[str] | None:
    """``--region`` given again or comma-separated (``a,b --region c``) as slugs; None
    for none given (every region)."""
    if not values:
        return None
    slugs = [slug.strip() for value in values for slug in value.split(",") if slug.strip()]
    return slugs or None
