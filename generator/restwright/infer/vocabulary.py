"""Words that mean pagination: names and description phrases, kept in one place so detectors agree.

Every word and phrase is a `knowledge` entry (its id is `GROUP:word`), so measurement can tell
which APIs use it and score an API without the entries only it uses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from restwright.infer.knowledge import Phrases, Words


@lru_cache(maxsize=8192)
def norm(name: str) -> str:
    """Compare names loosely: `startAt`, `start_at` and `Start-At` are the same word."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def words(text: str) -> list[str]:
    """Split an identifier or path segment into lower-case words (`alphaSenders.json` → alpha, senders, json)."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return tuple(w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w)


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


def mentions(description: str | None, phrases: Phrases) -> bool:
    """Whether a description contains one of the phrases (case-insensitive)."""
    return bool(description) and phrases.search(description) is not None


def quoted_names(description: str | None) -> list[str]:
    """Identifiers a description quotes in backticks (`next_cursor`), the strongest textual hint."""
    return re.findall(r"`([A-Za-z_][A-Za-z0-9_.\-]*)`", description or "")


# ---------------------------------------------------------------- request inputs

OFFSET_NAMES = Words(
    "OFFSET_NAMES",
    "offset skip start startat startindex first firstresult startrow".split(),
)
OFFSET_TEXT = Phrases(
    "OFFSET_TEXT",
    r"\boffset\b",
    "to skip",
    "index of the first",
    "starting index",
    "first (item|result|record)",
    "start(ing)? (from|at) (the )?(item|index|position)",
    "first result",
)
LIMIT_NAMES = Words(
    "LIMIT_NAMES",
    """limit max maxresults count size pagesize perpage top take maxitems maxrecords numresults
    pagelimit maxpagesize resultsperpage itemsperpage length""".split(),
)
LIMIT_TEXT = Phrases(
    "LIMIT_TEXT",
    "maximum number",
    "max(imum)? (results|items|records)",
    r"number of (\w+ ){0,2}(to return|per page|returned)",
    "page size",
    "per page",
    "results per page",
    "(items|results|records) to return",
    "size of (the )?page",
)
PAGE_NAMES = Words(
    "PAGE_NAMES", "page pagenumber pagenum pageno pageindex pagenr".split()
)
PAGE_TEXT = Phrases(
    "PAGE_TEXT",
    "page (number|index)",
    "number of the page",
    "page of (the )?results",
    "which page",
    r"\bpage\b",
)
CURSOR_NAMES = Words(
    "CURSOR_NAMES",
    """cursor startcursor nextcursor pagetoken nextpagetoken continuationtoken continuation
    nexttoken marker startingafter after scrollid scrollparam scroll streamposition searchafter
    pagecursor startafter pagingtoken skiptoken nextmarker next continue bookmark
    pageinfo""".split(),
)
CURSOR_TEXT = Phrases(
    "CURSOR_TEXT",
    "cursor",
    "page token",
    "pagination token",
    "continuation",
    "next page token",
    "returned (in|by|from) (a|the) previous",
    "from the previous (call|request|response)",
    "token .*next page",
    "next set of results",
)
# A cursor's name joins a position word and a token word: `next_token`, `pageToken`, `page[cursor]`.
TOKEN_WORDS = Words("TOKEN_WORDS", "token cursor marker bookmark continuation".split())
POSITION_WORDS = Words(
    "POSITION_WORDS",
    "next page paging pagination start after continuation continue scroll".split(),
)
NOT_CURSOR_TEXT = Phrases("NOT_CURSOR_TEXT", "date", "time ?stamp")
RECORD_CURSOR_NAMES = Words(
    "RECORD_CURSOR_NAMES",
    "startingafter after afterid startafter before beforeid sinceid".split(),
)
RECORD_CURSOR_TEXT = Phrases(
    "RECORD_CURSOR_TEXT",
    "object id",
    r"\bid\b of the last",
    "identifier for the last",
    r"last (item|record|object|\w+) (id|identifier)",
    r"\bids? (lower|higher|greater|less) than",
    r"\bid\b.*paginat",
)
PAGINATION_TEXT = Phrases(
    "PAGINATION_TEXT",
    "paginat",
    "next page",
    "previous page",
    r"more (results|items|records)",
)
# An RFC 8288 `Link` header named in prose ("the Link header", "rel="next"").
LINK_TEXT = Phrases(
    "LINK_TEXT",
    r"\bLink\b[^.\n]{0,80}\bheaders?\b",
    r"\bheaders?\b[^.\n]{0,40}\bLink\b",
    r"rel=\\?[\"']?next",
    "RFC ?(5988|8288)",
)
# The next link does not end the list by itself.
LINK_STOP_TEXT = Phrases(
    "LINK_STOP_TEXT",
    r"\b(always|every (page|response))\b[^.\n]{0,60}\b(next|link)",
    r"\b(next|link)\b[^.\n]{0,60}\b(always (present|returned|included|set)|even (on|for) the last)",
    r"\bempty (page|list|array|result|response)s?\b[^.\n]{0,40}\b(end|last|no more|stop)",
    r"\buntil (you (get|receive) )?an? empty (page|list|array|result|response)",
    r"\beven (on|for) the last page",
    r"\b(next|link)\b[^.\n]{0,60}\b(on|in|with) every (page|response)",
)
# Said of the next link itself: it is there on every page.
ALWAYS_TEXT = Phrases(
    "ALWAYS_TEXT", r"\balways (present|returned|included|set|sent|non-?null)"
)
PAGING_WORDS = Phrases(
    "PAGING_WORDS", r"\bpag(e|es|ed|ing|ination|inated)\b", r"\bnext\b", r"\bprevious\b"
)
NOT_PAGE_NUMBER_TEXT = Phrases(
    "NOT_PAGE_NUMBER_TEXT", "not (the|a) page number", "(is )?not sequential"
)


def _based(group: str, number: str) -> Phrases:
    """How a description says the first page is `number` ("0-based", "pages start at zero")."""
    return Phrases(
        group,
        rf"\b{number}[- ]based",
        rf"(starts?|begins?) (at|from|with) {number}",
        f"first page is {number}",
    )


ZERO_BASED_TEXT = _based("ZERO_BASED_TEXT", "(0|zero)")
ONE_BASED_TEXT = _based("ONE_BASED_TEXT", "(1|one)")
PER_PAGE_TEXT = Phrases("PER_PAGE_TEXT", "per page", "page size")
REQUIRES_TEXT = Phrases(
    "REQUIRES_TEXT", "requires?", "only (works|applies)", "must be set"
)

# ---------------------------------------------------------------- response fields

NEXT_URL_NAMES = Words(
    "NEXT_URL_NAMES",
    """next nextlink nexturl nextpage nextpageurl nextpageuri nexthref odatanextlink
    nextpagelink nexturi href""".split(),
)
URL_TEXT = Phrases(
    "URL_TEXT", r"\burl\b", r"\buri\b", r"\blink\b", "path and query", "https?://"
)
TOKEN_TEXT = Phrases("TOKEN_TEXT", "cursor", "token")
URL_FORMATS = {"uri", "url", "uri-reference", "iri", "iri-reference"}
CURSOR_FIELD_NAMES = Words(
    "CURSOR_FIELD_NAMES",
    """nextcursor nextpagetoken nexttoken continuationtoken nextmarker endcursor cursor
    nextpagecursor scrollid nextkey after""".split(),
)
HAS_MORE_NAMES = Words(
    "HAS_MORE_NAMES",
    "hasmore more hasnext hasnextpage hasmoreitems hasmoreresults moreavailable".split(),
)
HAS_MORE_TEXT = Phrases(
    "HAS_MORE_TEXT",
    "(more|additional) (records|results|items|pages|data)",
    "another page",
)
TOTAL_ITEM_NAMES = Words(
    "TOTAL_ITEM_NAMES",
    """total count totalcount totalresults totalitems totalrecords totalsize totalentries
    numfound totalhits totalelements resultcount itemstotal totalitemcount
    totalrecordcount recordstotal""".split(),
)
TOTAL_PAGE_NAMES = Words(
    "TOTAL_PAGE_NAMES",
    "totalpages pagecount numpages lastpage pages pagestotal totalpagecount".split(),
)
TOTAL_PAGE_TEXT = Phrases(
    "TOTAL_PAGE_TEXT",
    "(total )?number of pages",
    "total pages",
    "page count",
    "last page number",
)
TOTAL_ITEM_TEXT = Phrases(
    "TOTAL_ITEM_TEXT",
    "total number of (?!pages)",
    "total count",
    "number of (items|results|records)",
)

# ---------------------------------------------------------------- records

RECORD_NAMES = Words(
    "RECORD_NAMES",
    """data items results records entries values value list rows hits objects elements content
    nodes edges resources docs documents collection result""".split(),
)
NOT_RECORD_NAMES = Words(
    "NOT_RECORD_NAMES",
    """links _links errors warnings warningmessages tags availablemarkets cursors facets
    aggregations includes included sort sorts fields expand scopes permissions notices filters
    metadata""".split(),
)
META_CONTAINER_NAMES = Words(
    "META_CONTAINER_NAMES",
    """meta metadata paging pagination pages links _links responsemetadata cursor cursors
    pageinfo page info""".split(),
)
