"""HTML pages and RSS/Atom/RDF/JSON feeds read from files."""
from __future__ import annotations

import json

from flashpoint.ingest.feeds import ENTITY_REFUSED
from flashpoint.ingest.html import html_to_text
from flashpoint.model import Article, Skipped

from .conftest import PARAGRAPHS, article_html, articles, read_all, rss_feed, skipped


def test_html_page_main_text_and_metadata(write):
    path = write("page.html", article_html())
    [art] = read_all(path)
    assert isinstance(art, Article)
    assert all(p in art.text for p in PARAGRAPHS)
    assert "Home" not in art.text and "Copyright" not in art.text
    assert art.title == "Talks collapse in Valmora fishing dispute"
    assert art.published == "2024-03-05"
    assert art.url == "https://news.example.org/valmora-talks"
    assert art.source == "news.example.org"
    assert art.origin == str(path)


def test_html_declared_legacy_charset(write):
    paragraphs = [p.replace("Valmora", "M\u00e1laga-Val\u00e9") for p in PARAGRAPHS]
    page = article_html(paragraphs=paragraphs, charset="iso-8859-1").encode("iso-8859-1")
    [art] = read_all(write("latin.htm", page))
    assert "M\u00e1laga-Val\u00e9" in art.text


def test_html_sniffed_without_extension_and_xhtml_declaration(write):
    [art] = read_all(write("saved-page", article_html()))
    assert art.title == "Talks collapse in Valmora fishing dispute"
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + article_html()
    [art2] = read_all(write("page.xhtml", xhtml))
    assert PARAGRAPHS[0] in art2.text


def test_html_without_article_text_is_skipped(write):
    [item] = read_all(write("menu.html", "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>"))
    assert isinstance(item, Skipped) and "no article text" in item.reason
    [garbage] = read_all(write("garbage.html", "<html><<<>>></b></b><p <div =>"))
    assert isinstance(garbage, Skipped)


def test_malformed_html_is_read_leniently(write):
    page = article_html().replace("</p>", "").replace("</article>", "<div><b>")
    [art] = read_all(write("sloppy.html", page))
    assert PARAGRAPHS[2] in art.text


def test_html_to_text():
    assert html_to_text("<p>One &amp; two</p><p>Three<br>four</p><script>no()</script>") == "One & two\n\nThree\nfour"
    assert html_to_text("plain words") == "plain words"


ITEMS = [
    {"title": "Strike called off", "link": "https://news.example.org/strike",
     "description": "&lt;p&gt;Dock workers &lt;b&gt;ended&lt;/b&gt; their strike.&lt;/p&gt;",
     "pubDate": "Tue, 05 Mar 2024 09:00:00 GMT"},
    {"title": "Minister resigns", "link": "https://other.example.com/minister",
     "description": "The transport minister resigned on Monday.", "pubDate": "2024-03-04T12:00:00Z"},
    {"title": "Headline only", "link": "https://news.example.org/bare"},
]


def test_rss_items(write):
    path = write("world.rss", rss_feed(ITEMS))
    first, second, bare = read_all(path)
    assert first.text == "Dock workers ended their strike."
    assert first.title == "Strike called off"
    assert first.url == "https://news.example.org/strike" and first.source == "news.example.org"
    assert first.published == "2024-03-05"
    assert first.origin == f"{path}#1"
    assert second.published == "2024-03-04" and second.source == "other.example.com"
    assert isinstance(bare, Skipped) and bare.origin == f"{path}#3" and "--follow-links" in bare.reason


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root element -->
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title type="html">Floods &lt;em&gt;displace&lt;/em&gt; thousands</title>
<link href="https://wire.example.net/floods"/><updated>2024-05-01T06:00:00Z</updated>
<published>2024-04-30T22:00:00Z</published>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;Floods displaced thousands of families along the river.&lt;/p&gt;&lt;p&gt;Relief camps opened.&lt;/p&gt;</content>
</entry></feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.org/"><title>RDF news</title></channel>
<item rdf:about="https://rdf.example.org/1"><title>Election date set</title>
<link>https://rdf.example.org/1</link><description>The commission set the election for June.</description>
<dc:date>2024-01-20</dc:date></item></rdf:RDF>"""


def test_atom_content_preferred_and_title_stripped(write):
    [art] = read_all(write("wire.atom", ATOM))
    assert art.text == "Floods displaced thousands of families along the river.\n\nRelief camps opened."
    assert art.title == "Floods displace thousands"
    assert art.published == "2024-04-30"


def test_rdf_and_sniffed_feeds(write):
    [art] = read_all(write("news.rdf", RDF))
    assert art.published == "2024-01-20" and art.url == "https://rdf.example.org/1"
    assert len(articles(read_all(write("feed-without-extension", ATOM)))) == 1
    assert len(articles(read_all(write("feed.xml", rss_feed(ITEMS))))) == 2


def test_json_feed(write):
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON wire",
           "items": [{"id": "1", "url": "https://j.example.org/1", "title": "Bridge reopens",
                      "content_html": "<p>The bridge reopened to traffic.</p>", "date_published": "2024-02-02T08:00:00Z"},
                     {"id": "2", "title": "No body"}]}
    art, bare = read_all(write("feed.json", json.dumps(doc)))
    assert art.text == "The bridge reopened to traffic." and art.published == "2024-02-02"
    assert isinstance(bare, Skipped)


def test_entity_declarations_are_refused(write):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
            '<rss version="2.0"><channel><item><title>&b;</title><description>&b;</description></item></channel></rss>')
    [item] = read_all(write("bomb.xml", bomb))
    assert item == Skipped(item.origin, ENTITY_REFUSED)
    [wide] = read_all(write("bomb16.xml", bomb.encode("utf-16")))
    assert wide.reason == ENTITY_REFUSED


def test_malformed_and_empty_feeds(write):
    [broken] = read_all(write("broken.xml", "<rss><channel><title>x</title>"))
    assert isinstance(broken, Skipped)
    [empty] = read_all(write("empty.rss", '<rss version="2.0"><channel><title>Nothing</title></channel></rss>'))
    assert isinstance(empty, Skipped) and "no feed items" in empty.reason
    [sitemap] = read_all(write("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>'))
    assert isinstance(sitemap, Skipped)


def test_feed_in_legacy_encoding(write):
    feed = rss_feed([{"title": "Caf\u00e9 closes", "description": "The caf\u00e9 on the square closed."}])
    feed = feed.replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("iso-8859-1")
    [art] = read_all(write("latin.xml", feed))
    assert art.text == "The caf\u00e9 on the square closed." and art.title == "Caf\u00e9 closes"


def test_item_text_over_limit_is_skipped(write):
    items = read_all(write("big.rss", rss_feed([{"title": "Long", "description": "word " * 500}])), max_bytes=1000)
    assert len(skipped(items)) == 1 and "limit" in items[0].reason
