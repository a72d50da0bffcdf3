"""Readability: LIX (läsbarhetsindex) and the visible text of a rendered page.

Tokenised as docs/easy-read.md says: a word is a run of letters (any alphabet), so punctuation
never makes a word longer; a sentence ends at . ! ? : or a line break.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

WORD = re.compile(r"[^\W\d_]+")
SENTENCE_END = re.compile(r"[.!?:\n]+")
LONG_WORD = 6  # letters; a word longer than this counts as long


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def lix_counts(text: str) -> Lix:
    words = long_words = sentences = 0
    for part in SENTENCE_END.split(text):
        found = WORD.findall(part)
        if found:
            sentences += 1
            words += len(found)
            long_words += sum(1 for w in found if len(w) > LONG_WORD)
    return Lix(words, sentences, long_words)


def lix(text: str) -> float:
    """LIX = words / sentences + 100 × long words / words (0 for a text without words)."""
    return lix_counts(text).score


def word_count(text: str) -> int:
    return len(WORD.findall(text))


# Elements after which a reader hears (and LIX counts) a break, as on the screen.
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "button",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "label",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
SKIPPED_TAGS = {"script", "style", "template", "svg", "noscript", "title", "head", "select", "textarea"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _VisibleText(HTMLParser):
    def __init__(self, skip_classes: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.skip_classes = skip_classes
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        hides = (
            tag in SKIPPED_TAGS
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or bool(classes & self.skip_classes)
        )
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in VOID_TAGS:
            self.stack.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


# Each block read aloud is rendered again on every page view, mostly as it was: its visible text
# is kept, by a digest of the HTML (a whole page's HTML would be a large key), and worked out only
# for HTML not seen before. Form fields show no text, and a form's CSRF token is new on each page,
# so the fields are left out of the digest.
_FIELD = re.compile(r"<input\b[^>]*>")
_KEPT_LIMIT = 4096
_kept: dict[bytes, str] = {}


def visible_text(html: str, *, skip_classes: tuple[str, ...] = ("visually-hidden", "no-read")) -> str:
    """The text a sighted reader sees in `html`, one line per block, without hidden parts.

    Text inside elements with a class in `skip_classes` is left out: screen-reader-only text,
    and the read-aloud buttons themselves (class "no-read").
    """
    seen = f"{' '.join(skip_classes)}\0{_FIELD.sub('', html)}".encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(seen, digest_size=20).digest()
    text = _kept.get(digest)
    if text is None:
        text = _visible_text(html, skip_classes)
        if len(_kept) >= _KEPT_LIMIT:
            _kept.clear()
        _kept[digest] = text
    return text


def _visible_text(html: str, skip_classes: tuple[str, ...]) -> str:
    parser = _VisibleText(frozenset(skip_classes))
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- easy Arabic ----------------------------------------------------------------------------------
# LIX counts long words by letters, which does not fit Arabic: short vowels are not written, and
# "and", "the", "to", "with" and the pronouns are written onto the word ("وبمساعدتك"). The check
# of easy Arabic keeps LIX's two ideas with Arabic measures (docs/easy-read.md):
# - short sentences: at most ARABIC_MAX_WORDS words in every sentence;
# - common, short words: at most ARABIC_LONG_SHARE of the words of a text are long, a long word
#   being more than ARABIC_LONG_WORD letters (short-vowel marks and the stretching tatweel are
#   not letters); and no word longer than ARABIC_LONGEST letters at all.
ARABIC_SENTENCE_END = re.compile(r"[.!?:؟؛\n]+")
ARABIC_MAX_WORDS = 10
ARABIC_LONG_WORD = 7
ARABIC_LONG_SHARE = 0.25
ARABIC_LONGEST = 11
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640])
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
_ARABIC_WORD = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def arabic_letters(word: str) -> int:
    """Letters of a word as a reader sees them: without short vowels, shadda and tatweel."""
    return len(word.translate(_ARABIC_MARKS))


@dataclass(frozen=True)
class ArabicCounts:
    words: int
    sentences: int
    longest_sentence: int
    long_words: int
    longest_word: int

    @property
    def long_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0


def arabic_counts(text: str) -> ArabicCounts:
    """Words, sentences, the longest sentence (in words) and long words of an Arabic text.
    A placeholder ("%(name)s") counts as one short word: it stands for a name or a number."""
    text = _PLACEHOLDER.sub("X", text.translate(_ARABIC_MARKS))
    words = sentences = longest = long_words = longest_word = 0
    for part in ARABIC_SENTENCE_END.split(text):
        found = WORD.findall(part)
        if found:
            sentences += 1
            words += len(found)
            longest = max(longest, len(found))
            # Only Arabic words are measured: a Swedish name or term ("personnummer") is
            # written as it is, and its length says nothing about the Arabic.
            lengths = [arabic_letters(w) for w in found if _ARABIC_WORD.match(w)] or [0]
            long_words += sum(1 for n in lengths if n > ARABIC_LONG_WORD)
            longest_word = max(longest_word, *lengths)
    return ArabicCounts(words, sentences, longest, long_words, longest_word)


def easy_arabic_problems(text: str) -> list[str]:
    """Why `text` is not easy Arabic; empty when it is. Texts of fewer than five words (labels,
    buttons) are measured by their sentence length and longest word only."""
    counts = arabic_counts(text)
    problems = []
    if counts.longest_sentence > ARABIC_MAX_WORDS:
        problems.append(f"a sentence of {counts.longest_sentence} words (at most {ARABIC_MAX_WORDS})")
    if counts.longest_word > ARABIC_LONGEST:
        problems.append(f"a word of {counts.longest_word} letters (at most {ARABIC_LONGEST})")
    if counts.words >= 5 and counts.long_share > ARABIC_LONG_SHARE:
        problems.append(
            f"{counts.long_words} of {counts.words} words are long "
            f"(more than {ARABIC_LONG_WORD} letters; at most {ARABIC_LONG_SHARE:.0%})"
        )
    return problems
