"""Words that mean pagination: names and description phrases, kept in one place so detectors agree."""

from __future__ import annotations

import re


def norm(name: str) -> str:
    """Compare names loosely: `startAt`, `start_at` and `Start-At` are the same word."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def words(text: str) -> list[str]:
    """Split an identifier or path segment into lower-case words (`alphaSenders.json` → alpha, senders, json)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def singular(word: str) -> str:
    """A crude singular, good enough to match `entries`/`entry`, `runs`/`run`, `addresses`/`address`."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def mentions(description: str | None, pattern: str) -> bool:
    """Whether a description matches a case-insensitive regular expression."""
    return (
        bool(description)
        and re.search(pattern, description or "", re.IGNORECASE) is not None
    )


def quoted_names(description: str | None) -> list[str]:
    """Identifiers a description quotes in backticks (`next_cursor`), the strongest textual hint."""
    return re.findall(r"`([A-Za-z_][A-Za-z0-9_.\-]*)`", description or "")


# ---------------------------------------------------------------- request inputs

OFFSET_NAMES = {
    "offset",
    "skip",
    "start",
    "startat",
    "startindex",
    "first",
    "firstresult",
    "startrow",
}
OFFSET_TEXT = (
    r"\boffset\b|to skip|index of the first|starting index|first (item|result|record)|"
    r"start(ing)? (from|at) (the )?(item|index|position)|first result"
)
LIMIT_NAMES = {
    "limit",
    "max",
    "maxresults",
    "count",
    "size",
    "pagesize",
    "perpage",
    "top",
    "take",
    "maxitems",
    "maxrecords",
    "numresults",
    "pagelimit",
    "maxpagesize",
    "resultsperpage",
    "itemsperpage",
    "length",
}
LIMIT_TEXT = (
    r"maximum number|max(imum)? (results|items|records)|number of (\w+ ){0,2}(to return|per page|returned)|"
    r"page size|per page|results per page|(items|results|records) to return|size of (the )?page"
)
PAGE_NAMES = {"page", "pagenumber", "pagenum", "pageno", "pageindex", "pagenr"}
PAGE_TEXT = (
    r"page (number|index)|number of the page|page of (the )?results|which page|\bpage\b"
)
CURSOR_NAMES = {
    "cursor",
    "startcursor",
    "nextcursor",
    "pagetoken",
    "nextpagetoken",
    "continuationtoken",
    "continuation",
    "nexttoken",
    "marker",
    "startingafter",
    "after",
    "scrollid",
    "scrollparam",
    "scroll",
    "streamposition",
    "searchafter",
    "pagecursor",
    "startafter",
    "pagingtoken",
    "skiptoken",
    "nextmarker",
}
CURSOR_TEXT = (
    r"cursor|page token|pagination token|continuation|next page token|returned (in|by|from) (a|the) previous|"
    r"from the previous (call|request|response)|token .*next page|next set of results"
)
RECORD_CURSOR_NAMES = {
    "startingafter",
    "after",
    "afterid",
    "startafter",
    "before",
    "beforeid",
    "sinceid",
}
RECORD_CURSOR_TEXT = (
    r"object id|\bid\b of the last|identifier for the last|last (item|record|object|\w+) (id|identifier)|"
    r"\bids? (lower|higher|greater|less) than|\bid\b.*paginat"
)
PAGINATION_TEXT = r"paginat|next page|previous page"

# ---------------------------------------------------------------- response fields

NEXT_URL_NAMES = {
    "next",
    "nextlink",
    "nexturl",
    "nextpage",
    "nextpageurl",
    "nextpageuri",
    "nexthref",
    "odatanextlink",
    "nextpagelink",
    "nexturi",
    "href",
}
URL_TEXT = r"\burl\b|\buri\b|\blink\b|path and query|https?://"
URL_FORMATS = {"uri", "url", "uri-reference", "iri", "iri-reference"}
CURSOR_FIELD_NAMES = {
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "nextmarker",
    "endcursor",
    "cursor",
    "nextpagecursor",
    "scrollid",
    "nextkey",
    "after",
}
HAS_MORE_NAMES = {
    "hasmore",
    "more",
    "hasnext",
    "hasnextpage",
    "hasmoreitems",
    "hasmoreresults",
    "moreavailable",
}
TOTAL_ITEM_NAMES = {
    "total",
    "count",
    "totalcount",
    "totalresults",
    "totalitems",
    "totalrecords",
    "totalsize",
    "totalentries",
    "numfound",
    "totalhits",
    "totalelements",
    "resultcount",
}
TOTAL_PAGE_NAMES = {
    "totalpages",
    "pagecount",
    "numpages",
    "lastpage",
    "pages",
    "pagestotal",
    "totalpagecount",
}
TOTAL_PAGE_TEXT = r"(total )?number of pages|total pages|page count|last page number"
TOTAL_ITEM_TEXT = (
    r"total number of (?!pages)|total count|number of (items|results|records)"
)

# ---------------------------------------------------------------- records

RECORD_NAMES = {
    "data",
    "items",
    "results",
    "records",
    "entries",
    "values",
    "value",
    "list",
    "rows",
    "hits",
    "objects",
    "elements",
    "content",
    "nodes",
    "edges",
    "resources",
    "docs",
    "documents",
    "collection",
    "result",
}
NOT_RECORD_NAMES = {
    "links",
    "_links",
    "errors",
    "warnings",
    "warningmessages",
    "tags",
    "availablemarkets",
    "cursors",
    "facets",
    "aggregations",
    "includes",
    "included",
    "sort",
    "sorts",
    "fields",
    "expand",
    "scopes",
    "permissions",
    "notices",
    "filters",
    "metadata",
}
META_CONTAINER_NAMES = {
    "meta",
    "metadata",
    "paging",
    "pagination",
    "pages",
    "links",
    "_links",
    "responsemetadata",
    "cursor",
    "cursors",
    "pageinfo",
    "page",
    "info",
}
