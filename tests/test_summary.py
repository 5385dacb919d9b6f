"""Meta descriptions from page text (sitekit.summary)."""
from sitekit.summary import shorten, summary_from_html


def test_first_paragraph_outside_admonitions():
    html = '<div class="admonition note"><p class="admonition-title">Note</p><p>Skip me</p></div><h1>T</h1><p>Use <b>this</b> one.</p><p>Not this.</p>'
    assert summary_from_html(html) == "Use this one."


def test_long_latin_text_is_cut_at_a_word():
    text = "word " * 60
    out = shorten(text)
    assert len(out) <= 161 and out.endswith("…") and not out.endswith(" …")


def test_long_chinese_text_is_cut_at_80_characters():
    out = shorten("舟山" * 100)
    assert len(out) == 81 and out.endswith("…")


def test_empty_page_has_no_summary():
    assert summary_from_html("") == "" and summary_from_html("<h1>Only a title</h1>") == ""
