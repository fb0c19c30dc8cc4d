"""``.html`` / ``.htm``: the text of ``<article>`` / ``<p>``, title and date from meta tags,
``<time>`` and schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from events.readers.common import IngestProblem, _article, _clean_body, _FileError, parse_published
from events.readers.lexicon import ArticleWords, article_words
from events.readers.text import _boilerplate
from events.schema import Article

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "aside",
              "form", "button", "select", "figcaption", "header"}
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "td", "tr",
               "section", "article", "main", "ul", "ol", "table", "pre"}
_VOID_TAGS = {"img", "input", "hr", "meta", "link", "source", "wbr", "area", "base", "col", "embed",
              "param", "track", "br"}
_TITLE_META = ("og:title", "twitter:title", "headline", "title", "dc.title")
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
              "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
              "sailthru.date", "parsely-pub-date", "article.published", "published_time")
_SOURCE_META = ("og:site_name", "application-name", "publisher", "dc.publisher")
_URL_META = ("og:url", "twitter:url")


class _ArticleHTML(HTMLParser):
    """Collect meta tags, <title>, the first <time datetime>, JSON-LD and the text blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time: str | None = None
        self.canonical: str | None = None
        self.lang: str | None = None
        self.jsonld: list[str] = []
        self.blocks: list[tuple[str, bool, bool, str]] = []  # (tag, in_article, in_p, text)
        self._stack: list[str] = []
        self._open: dict[str, int] = {}  # tag -> how many are on _stack: a stray end tag costs O(1)
        self._skip = 0
        self._article = 0
        self._p = 0
        self._buf: list[str] = []
        self._title_buf: list[str] | None = None
        self._h1_buf: list[str] | None = None
        self._jsonld_buf: list[str] | None = None

    def _flush(self, tag: str = "") -> None:
        text = re.sub(r"[ \t\f\v\u00a0]+", " ", "".join(self._buf)).strip()
        text = "\n".join(s.strip() for s in text.split("\n") if s.strip())
        if text:
            self.blocks.append((tag, self._article > 0, self._p > 0, text))
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = self.canonical or a["href"]
            return
        if tag == "time" and a.get("datetime") and self.time is None:
            self.time = a["datetime"]
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._jsonld_buf = []
        if tag == "title" and not self._skip:
            self._title_buf = []
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag in ("br",):
            self._buf.append("\n")
            return
        if tag in _BLOCK_TAGS and tag not in ("li", "td", "tr") and self._stack and self._stack[-1] == "p":
            self._close(self._pop())  # a block start closes an open <p> (HTML's implied end tag)
        if tag in _BLOCK_TAGS and not self._skip:
            self._flush()
        if tag == "h1":
            self._h1_buf = []
        if tag == "article":
            self._article += 1
        if tag == "p":
            self._p += 1
        if tag not in _VOID_TAGS:
            self._stack.append(tag)
            self._open[tag] = self._open.get(tag, 0) + 1

    def _pop(self) -> str:
        tag = self._stack.pop()
        self._open[tag] -= 1
        return tag

    def handle_endtag(self, tag: str) -> None:
        # Each open tag is popped once: linear in the page however its tags are (un)balanced.
        if not self._open.get(tag):
            return  # stray end tag
        while self._stack:
            open_tag = self._pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "script" and self._jsonld_buf is not None:
            self.jsonld.append("".join(self._jsonld_buf))
            self._jsonld_buf = None
        if tag == "title" and self._title_buf is not None:
            self.title = self.title or " ".join("".join(self._title_buf).split())
            self._title_buf = None
        if tag == "h1" and self._h1_buf is not None:
            self.h1 = self.h1 or " ".join("".join(self._h1_buf).split())
            self._h1_buf = None
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK_TAGS and not self._skip:
            self._flush(tag)
        if tag == "article":
            self._article = max(0, self._article - 1)
        if tag == "p":
            self._p = max(0, self._p - 1)

    def handle_data(self, data: str) -> None:
        if self._jsonld_buf is not None:
            self._jsonld_buf.append(data)
        if self._title_buf is not None:
            self._title_buf.append(data)
        if self._h1_buf is not None:
            self._h1_buf.append(data)
        if not self._skip and self._title_buf is None:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        while self._stack:
            self._close(self._pop())
        self._flush()


def _jsonld_fields(chunks: list[str]) -> dict[str, str]:
    """headline / datePublished / publisher name from schema.org JSON-LD, when present.

    A chunk that cannot be decoded (broken, nested too deeply, a huge number) is skipped: the
    page's other metadata and its text are still read."""
    found: dict[str, str] = {}
    for chunk in chunks:
        try:
            todo = [json.loads(chunk)]
        except (ValueError, RecursionError):
            continue
        while todo:  # a loop, not recursion: the nesting depth of a page is not ours to choose
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(reversed(node))
            elif isinstance(node, dict):
                for key in ("headline", "datePublished", "url"):
                    if isinstance(node.get(key), str):
                        found.setdefault(key, node[key])
                pub = node.get("publisher")
                if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                    found.setdefault("publisher", pub["name"])
                todo.append(node.get("@graph"))
    return found


def parse_html(text: str, path: str, lexicon: ArticleWords | None = None) -> tuple[list[Article], list[IngestProblem]]:
    """The article of an HTML page: paragraphs of <article> (else all <p>, else all blocks).
    ``lexicon``: the words to recognise (default: data/lexicons/articles.yaml)."""
    w = lexicon or article_words()
    parser = _ArticleHTML()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # HTMLParser is lenient; guard anyway
        raise _FileError(f"cannot parse the HTML ({exc})") from None
    ld = _jsonld_fields(parser.jsonld)

    def first(keys: tuple[str, ...]) -> str | None:
        return next((parser.meta[k] for k in keys if parser.meta.get(k)), None)

    blocks = parser.blocks
    chosen = [b for b in blocks if b[1] and b[2]] or [b for b in blocks if b[1]] \
        or [b for b in blocks if b[2]] or blocks
    title = first(_TITLE_META) or ld.get("headline") or parser.h1 or parser.title
    # The page's own headline is often repeated as the first block: do not keep it twice.
    lines = [b[3] for b in chosen if b[3].strip() != (title or "").strip()]
    body = _clean_body(ln for ln in "\n".join(lines).split("\n") if not _boilerplate(ln, w))
    if not body:
        raise _FileError("no article text found in the HTML (no <article> or <p> text)")
    published, problem = parse_published(first(_DATE_META) or ld.get("datePublished") or parser.time, w)
    errors = [IngestProblem(path, None, "published", problem)] if problem else []
    return [_article(title or "", body, published=published,
                     source=first(_SOURCE_META) or ld.get("publisher"),
                     url=first(_URL_META) or parser.canonical or ld.get("url"),
                     language=parser.lang, path=path, lexicon=w)], errors

