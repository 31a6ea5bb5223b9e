"""The consultant's own words: plain paragraphs with a safe subset of Markdown (emphasis,
bullet and numbered lists, links), parsed once into blocks every renderer lays out.

Parsed by markdown-it-py with everything but those rules switched off, so raw HTML,
images, headings and code stay literal text; a link keeps its address only when it is
http, https or mailto, otherwise its text is printed without it. Renderers escape the
text themselves (PDF markup, WordprocessingML, the page's HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")
MAX_LENGTH = 6000  # characters of one commentary; the form says so before saving


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" | "bullets" | "numbered"
    items: tuple[tuple[Span, ...], ...]  # one item for a paragraph, one per list entry

    @property
    def plain(self) -> str:
        return "\n".join("".join(s.text for s in item) for item in self.items)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("zero").enable(["emphasis", "list", "link"])


def _spans(children: list) -> tuple[Span, ...]:  # markdown-it inline tokens
    spans: list[Span] = []
    bold = italic = 0
    href = ""
    for token in children:
        if token.type == "strong_open":
            bold += 1
        elif token.type == "strong_close":
            bold -= 1
        elif token.type == "em_open":
            italic += 1
        elif token.type == "em_close":
            italic -= 1
        elif token.type == "link_open":
            target = str(token.attrs.get("href", ""))
            href = target if target.lower().startswith(SAFE_SCHEMES) else ""
        elif token.type == "link_close":
            href = ""
        elif token.type in ("softbreak", "hardbreak"):
            spans.append(Span(" ", bold > 0, italic > 0, href))
        elif token.content:
            spans.append(Span(" ".join(token.content.split("\n")), bold > 0, italic > 0, href))
    return tuple(spans)


def parse(text: str) -> tuple[Block, ...]:
    """The text as blocks; "" gives none."""
    if not text or not text.strip():
        return ()
    blocks: list[Block] = []
    lists: list[tuple[str, list]] = []  # the open lists, innermost last: nested entries join their parent list
    for token in _parser().parse(text[:MAX_LENGTH]):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(("bullets" if token.type == "bullet_list_open" else "numbered", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kind, items = lists.pop()
            if lists:
                lists[-1][1].extend(items)
            else:
                blocks.append(Block(kind, tuple(items)))
        elif token.type == "inline":
            spans = _spans(token.children or [])
            if lists:
                lists[-1][1].append(spans)
            elif spans:
                blocks.append(Block("paragraph", (spans,)))
    return tuple(blocks)
