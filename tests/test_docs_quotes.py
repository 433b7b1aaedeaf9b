"""Every Dutch phrase that the docs or the code quote is word for word in the seed texts.

A quotation is a span in single, double or curly quotes in docs/*.md, README.md, or a
string or comment of lcsim/**/*.py (docstrings, parameter and assumption sources). It
counts as Dutch when it has more Dutch than English function words, or, having neither,
when each of its words occurs in the seeds or is a long word used nowhere else in the
checked texts; a span with a digit or a code character (`_`, `%`, `#`, backticks, ...)
is a citation key, a number or a name, not a quotation. A Dutch quotation must occur in
one seed text, ignoring case, whitespace, the seeds' line-break hyphenation, the kind of
dash and quote mark, and markdown stars. `...` or `[...]` marks an omission, and each
part must occur in that seed in order; any other word in square brackets is an insertion,
which a seed does not have. A paraphrase is written without quotes.

The seeds are the five Dutch source documents in `../shared/seeds/` next to this
repository (docs/ODD.md, "How sources are cited"), or the folder named by the
environment variable LCSIM_SEEDS. They are not part of the repository: where the folder
is missing (a fresh clone, CI) the check of the quotations is skipped, saying why.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("LCSIM_SEEDS", ROOT.parent / "shared" / "seeds"))

DUTCH_WORDS = frozenset((
    "de", "het", "een", "en", "van", "te", "om", "niet", "voor", "met", "aan", "dat", "er",
    "bij", "naar", "ook", "als", "wordt", "worden", "door", "uit", "kan", "hun", "geen", "nog",
    "tot", "zijn", "wij", "ze", "zij", "je", "hoe", "wat", "wie", "waar", "welk", "welke",
    "elkaar", "op", "deze", "dit", "wel", "maar"
))
ENGLISH_WORDS = frozenset((
    "the", "a", "an", "and", "to", "for", "with", "as", "by", "it", "its", "be", "are", "was",
    "or", "not", "that", "this", "from", "at", "who", "what", "how", "when", "which", "they",
    "their", "has", "have"
))
# A quotation may run over lines, never over a blank line; a single quote opens only after
# a space or bracket and closes only before a non-letter, so "members' time" is no quote.
_IN = r"(?:(?!\n[ \t]*\n)[^{close}]){{1,400}}?"
QUOTED = re.compile(
    r"(?<![\w'])'(?=\S)(" + _IN.format(close="'") + r")(?<=\S)'(?!\w)"
    r"|\"(" + _IN.format(close='"') + r")\""
    r"|\u201c(" + _IN.format(close="\u201d") + r")\u201d"
    r"|\u2018(" + _IN.format(close="\u2019") + r")\u2019")
CODE = re.compile(r"[\d_`%#={}<>|\\]")  # a number, a name or a key: not prose
OMISSION = re.compile(r"\[\.\.\.\]|\[\u2026\]|\.\.\.|\u2026")
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": "-", "\u2014": "-", "\u00ad": None, "*": None})


def normalise(text: str) -> str:
    """Lower case, one kind of dash and quote mark, no stars, no whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY).lower()
    return re.sub(r"\s+", "", text)


def seed_texts(folder: Path) -> dict[str, tuple[str, ...]]:
    """Each seed (by its number) in two normalised readings: as printed, and with each
    hyphen at a line end taken for a word split ('ont-' + 'wikkeling')."""
    texts = {}
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        texts[path.name[:3]] = (normalise(raw), normalise(re.sub(r"-[ \t]*\n", "", raw)))
    return texts


def words(phrase: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", phrase).lower())


def seed_vocabulary(folder: Path) -> frozenset[str]:
    return frozenset(w for path in folder.glob("*.txt")
                     for w in words(path.read_text(encoding="utf-8")))


def is_dutch(phrase: str, seed_words: frozenset[str], own_words: frozenset[str]) -> bool:
    """Whether a quoted phrase is Dutch: more Dutch than English function words; or, with
    neither, every word either in the seeds or a long word the repository never uses
    outside quotations (a misspelt Dutch word such as 'vervolgfinanciering')."""
    if CODE.search(phrase):
        return False
    found = words(phrase)
    if not found:
        return False
    dutch = sum(w in DUTCH_WORDS for w in found)
    english = sum(w in ENGLISH_WORDS for w in found)
    if dutch or english:
        return dutch > english
    foreign = [w for w in found if w not in seed_words]
    return all(w not in own_words and len(w) >= 6 for w in foreign)


def in_a_seed(phrase: str, seeds: dict[str, tuple[str, ...]]) -> bool:
    """Whether the phrase (its parts, in order, if `...` marks an omission) is in one
    seed."""
    parts = [normalise(part) for part in OMISSION.split(phrase)]
    parts = [part.strip(".,;:") for part in parts if part.strip(".,;:")]
    for readings in seeds.values():
        for text in readings:
            at = 0
            for part in parts:
                at = text.find(part, at)
                if at < 0:
                    break
                at += len(part)
            else:
                return True
    return False


def quotations(text: str, first_line: int = 1):
    """(line, phrase) of each quoted span in a text."""
    for match in QUOTED.finditer(text):
        phrase = next(group for group in match.groups() if group is not None)
        phrase = phrase.strip("'\"\u2018\u2019\u201c\u201d")
        yield first_line + text.count("\n", 0, match.start()), phrase


def python_texts(path: Path):
    """(first line, text) of every string and comment of a Python file."""
    source = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def documented_texts():
    """(file, first line, text) of every text that may quote a source."""
    for path in sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]:
        yield path, 1, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "lcsim").rglob("*.py")):
        for line, text in python_texts(path):
            yield path, line, text


def misquotations(seeds_folder: Path, texts) -> list[str]:
    texts = list(texts)
    seeds = seed_texts(seeds_folder)
    seed_words = seed_vocabulary(seeds_folder)
    own_words = frozenset(w for _, _, text in texts for w in words(QUOTED.sub(" ", text)))
    wrong = []
    for path, first_line, text in texts:
        for line, phrase in quotations(text, first_line):
            if is_dutch(phrase, seed_words, own_words) and not in_a_seed(phrase, seeds):
                wrong.append(f"{Path(path).relative_to(ROOT) if Path(path).is_absolute() else path}"
                             f":{line}: {phrase!r}")
    return wrong


needs_seeds = pytest.mark.skipif(
    not any(SEEDS.glob("*.txt")),
    reason=f"the seed texts are not here ({SEEDS}; they live outside the repository, set "
           "LCSIM_SEEDS to their folder)")


@needs_seeds
def test_every_quoted_dutch_phrase_is_verbatim_in_a_seed():
    wrong = sorted(set(misquotations(SEEDS, documented_texts())))
    assert not wrong, (
        "these Dutch quotations are not word for word in any seed text "
        f"({SEEDS}); quote the seed exactly, or paraphrase without quotes:\n"
        + "\n".join(wrong))


@needs_seeds
def test_a_misquotation_is_caught_and_a_true_quotation_and_english_pass():
    text = ("trust is asymmetric (001 cond. 5 'vertrouwen komt te voet en gaat te paard'); "
            "seconded bridge-builders are 'niet bevoegd om beslissingen te maken'; "
            "001 condition 5: 'vaak voortkomt uit eerdere succesvolle samenwerkingen'; "
            "000 lesson 7 'samenwerkingen continu opstarten en gaande houden'; "
            "004: 'initieert, faciliteert ... motiveert en verbindt'; "
            "mbo staff as 'hands', the \"implementation gap\", 'who is asked'")
    wrong = misquotations(SEEDS, [("example.md", 1, text)])
    assert [entry.split(": ", 1)[1] for entry in wrong] == [
        "'vertrouwen komt te voet en gaat te paard'",
        "'niet bevoegd om beslissingen te maken'"]


def test_quotation_finder_tells_quotes_from_apostrophes():
    text = "the members' time and the leader's post ('Prikkels'; \"te voet\")"
    assert [phrase for _, phrase in quotations(text)] == ["Prikkels", "te voet"]
