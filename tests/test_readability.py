"""LIX and the visible text of a page, tokenised as docs/easy-read.md says."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.readability import lix, lix_counts, visible_text, word_count

pytestmark = pytest.mark.one_database  # see pyproject.toml


def test_lix_of_a_known_text():
    # 11 words, 2 sentences, 2 long words ("gruppboende", "vårdcentralen").
    text = "Jag bor i ett gruppboende. Jag går till vårdcentralen i dag."
    assert lix_counts(text).words == 11
    assert lix(text) == pytest.approx(11 / 2 + 100 * 2 / 11)


@pytest.mark.parametrize(
    "text,words,sentences,long_words",
    [
        ("Ring 112!", 1, 1, 0),  # digits are not words
        ("Hej: du. Och du? Ja!", 5, 4, 0),  # . ! ? : end sentences
        ("rad ett\nrad två", 4, 2, 0),  # so does a line break
        ("e-post, vård-central", 4, 1, 1),  # a word is a run of letters
        ("Välkommen", 1, 1, 1),  # 9 letters: long
        ("Sjuksköt", 1, 1, 1),
        ("Hälsan", 1, 1, 0),  # 8 letters long, 6 not
        ("مرحبا بك في لوتسن", 4, 1, 0),  # other alphabets are letters too
        ("...", 0, 0, 0),
    ],
)
def test_tokenising(text, words, sentences, long_words):
    counts = lix_counts(text)
    assert (counts.words, counts.sentences, counts.long_words) == (words, sentences, long_words)


def test_an_empty_text_scores_zero():
    assert lix("") == 0 and lix("12 34") == 0


@given(st.text())
def test_lix_never_fails_and_is_never_negative(text):
    assert lix(text) >= 0
    assert word_count(text) == lix_counts(text).words


def test_visible_text_is_what_a_sighted_reader_sees():
    html = """<main><h1>Rubrik</h1><p>Hej <a href="#">du</a>!</p>
      <div hidden>dold</div><span aria-hidden="true">ikon</span>
      <span class="visually-hidden">för skärmläsare</span>
      <a class="listen no-read" href="/x.mp3">Lyssna</a>
      <svg><title>bild</title></svg><script>var x = "kod";</script>
      <ul><li>ett</li><li>två</li></ul><label>Namn</label><input value="inte text"></main>"""
    assert visible_text(html) == "Rubrik\nHej du!\nett\ntvå\nNamn"


def test_visible_text_survives_broken_html():
    assert visible_text("<p>Hej <b>du</p></div>") == "Hej du"


# --- easy Arabic ----------------------------------------------------------------------------------


def test_arabic_counts_words_sentences_and_long_words():
    from app.readability import arabic_counts

    counts = arabic_counts("مرحبًا %(name)s! هل تذهب إلى المركز الصحي؟ Lotsen يساعدك.")
    assert (counts.words, counts.sentences, counts.longest_sentence) == (9, 3, 5)
    assert counts.long_words == 0  # "مرحبًا": the vowel mark is not a letter
    assert arabic_counts("بالسويدية والإنجليزية").long_words == 2
    # A Swedish word in Arabic text is a word, but its length is not the Arabic's.
    assert arabic_counts("رقمك الشخصي personnummer").longest_word == 6


def test_easy_arabic_problems():
    from app.readability import easy_arabic_problems

    assert easy_arabic_problems("اختر كلمة سر. عندها تستعمل Lotsen.") == []
    long_sentence = "نحن نحفظ كل المعلومات التي تكتبها هنا في الصفحة لمدة طويلة جدا"
    assert "a sentence of 12 words" in easy_arabic_problems(long_sentence)[0]
    hard = "المعلومات الاستشارية والتخصصية بالمستشفيات الإقليمية متوفرة"
    assert any("long" in problem for problem in easy_arabic_problems(hard))
    assert any("letters" in problem for problem in easy_arabic_problems("والاستشاريين"))
