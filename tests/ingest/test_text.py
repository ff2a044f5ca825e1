"""Plain text files, encodings, binary refusal, size limits and stable ids."""
from __future__ import annotations

import gzip

import pytest

from flashpoint.ingest import ReadOptions, iter_articles
from flashpoint.ingest.text import decode_bytes, guess_title, looks_like_text, wide_codec
from flashpoint.errors import InputError
from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, articles, read_all, skipped

STORY = "Harbour strike looms\n\n" + "\n\n".join(PARAGRAPHS)


def test_text_file_is_one_article(write):
    path = write("story.txt", STORY)
    [art] = read_all(path)
    assert isinstance(art, Article)
    assert art.text == STORY
    assert art.title == "Harbour strike looms"
    assert art.published is None and art.url is None
    assert art.origin == str(path)


def test_title_left_out_unless_obvious(write):
    [art] = read_all(write("plain.txt", PARAGRAPHS[0] + "\n" + PARAGRAPHS[1]))
    assert art.title is None


def test_file_without_extension_is_text(write):
    [art] = read_all(write("README", "Council approves budget.\nThe vote was unanimous."))
    assert art.text.startswith("Council approves budget.")


def test_same_text_gives_same_id(write):
    one = read_all(write("a.txt", STORY))[0]
    two = read_all(write("b/copy.txt", STORY.replace("\n\n", "\r\n\r\n") + "\n\n"))[0]
    other = read_all(write("c.txt", STORY + " More."))[0]
    assert one.id == two.id
    assert one.id != other.id
    assert one.origin != two.origin


def test_utf8_bom_and_cp1252_and_declared_encodings(write):
    bom = read_all(write("bom.txt", b"\xef\xbb\xbf" + "Caf\u00e9 owners protest.".encode()))[0]
    assert bom.text == "Caf\u00e9 owners protest."
    legacy = read_all(write("legacy.txt", "Minister\u2019s caf\u00e9 visit \u2013 ends.".encode("cp1252")))[0]
    assert legacy.text == "Minister\u2019s caf\u00e9 visit \u2013 ends."


def test_mixed_encodings_are_repaired_line_by_line(write):
    data = "First line in UTF-8: na\u00efve caf\u00e9.\n".encode() + "Second in cp1252: \u201cquoted\u201d.\n".encode("cp1252")
    [art] = read_all(write("mixed.txt", data))
    assert "na\u00efve caf\u00e9" in art.text and "\u201cquoted\u201d" in art.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_text(write, codec):
    [art] = read_all(write(f"wide-{codec}.txt", "Border crossing reopened after two days.".encode(codec)))
    assert art.text == "Border crossing reopened after two days."


def test_wide_codec_detection():
    assert wide_codec("<?xml version".encode("utf-16-be")) == "utf-16-be"
    assert wide_codec("<?xml version".encode("utf-32-le")) == "utf-32-le"
    assert wide_codec(b"plain ascii text") is None


@pytest.mark.parametrize("name, data", [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("blob", bytes(range(256)) * 4),
    ("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
    ("notes.txt", b"\x00\x01\x02binary\x00stuff"),
])
def test_binary_files_are_skipped(write, name, data):
    [item] = read_all(write(name, data))
    assert isinstance(item, Skipped)
    assert "binary" in item.reason or "not text" in item.reason or "PDF" in item.reason or "PNG" in item.reason


def test_undecodable_noise_is_skipped(write):
    noise = bytes((i * 37 + 11) % 256 for i in range(3000) if (i * 37 + 11) % 256)  # no NULs
    [item] = read_all(write("noise.txt", noise))
    assert isinstance(item, Skipped) and "not text" in item.reason


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_files_are_skipped(write, content):
    [item] = read_all(write("empty.txt", content))
    assert isinstance(item, Skipped) and "empty" in item.reason


def test_file_over_max_bytes_is_skipped(write):
    path = write("big.txt", "word " * 400)
    [item] = read_all(path, max_bytes=1000)
    assert isinstance(item, Skipped) and "limit" in item.reason and "--max-bytes" in item.reason
    assert articles(read_all(path, max_bytes=5000))


def test_gzipped_text(write):
    [art] = read_all(write("story.txt.gz", gzip.compress(STORY.encode())))
    assert art.text == STORY


def test_corrupt_gzip_is_skipped(write):
    data = gzip.compress(STORY.encode() * 20)
    [item] = read_all(write("story.txt.gz", data[: len(data) // 2]))
    assert isinstance(item, Skipped) and "gzip" in item.reason


def test_decode_helpers():
    assert looks_like_text("ordinary words\nand lines\t")
    assert not looks_like_text("\x01\x02\x03\x04abc")
    assert decode_bytes("\u00e9t\u00e9".encode("latin-1"), declared="latin-1") == "\u00e9t\u00e9"
    with pytest.raises(InputError):
        decode_bytes(b"abc\x00def")


def test_guess_title():
    assert guess_title("Short headline\n\nBody text here.") == "Short headline"
    assert guess_title("A full sentence ends with a stop.\n\nBody.") is None
    assert guess_title("Only one line") is None


def test_iter_articles_is_lazy_and_accepts_a_single_path(write):
    path = write("one.txt", "Protesters gathered in the square.")
    result = iter_articles(str(path))
    assert not isinstance(result, list)
    assert [a.text for a in result] == ["Protesters gathered in the square."]
    assert list(iter_articles([path], ReadOptions()))[0].origin == str(path)


def test_skipped_are_reported_not_raised(write):
    items = read_all(write("ok.txt", "Fine."), write("bad.txt", b"\x00\x00"), "nowhere.txt")
    assert [type(x).__name__ for x in items] == ["Article", "Skipped", "Skipped"]
    assert len(skipped(items)) == 2
