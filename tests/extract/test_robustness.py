"""Bad documents: extraction never crashes a batch and never explodes into dozens of events."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def _run(texts):
    return list(extract_articles([Article.create(t, published="2025-10-17") for t in texts]))


def test_a_failing_document_does_not_cost_the_batch(monkeypatch, caplog):
    import flashpoint.extract as ex_mod

    real = ex_mod.extract_doc

    def flaky(doc, article):
        if "BOOM" in article.text:
            raise RuntimeError("simulated coder bug")
        return real(doc, article)

    monkeypatch.setattr(ex_mod, "extract_doc", flaky)
    out = _run(["Venezuela accused Colombia of aggression.", "BOOM goes the parser.",
                "Colombia criticized Venezuela."])
    assert [len(ex.events) > 0 for _a, ex in out] == [True, False, True]
    assert "simulated coder bug" in caplog.text


def test_long_lists_and_all_caps_stay_bounded():
    listing = ", ".join(f"Country{i} condemned Country{i + 1}" for i in range(300)) + "."
    caps = "US FORCES STRIKE BOAT OFF VENEZUELA AS CARACAS CONDEMNS ATTACK"
    out = _run([listing, caps])
    assert all(len(ex.events) < 50 for _a, ex in out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400))
def test_any_text_gives_a_valid_contract_object(text):
    [(_a, ex)] = _run([text])
    data = ex.to_json()
    for e in data["events"]:
        assert 0 <= e["sentence"][0] <= e["trigger"][0] < e["trigger"][1] <= len(text)
    for d in data["dates"] + data["places"]:
        assert 0 <= d["start"] < d["end"] <= len(text)


def test_non_english_text_codes_no_events():
    spanish = ("El gobierno de Venezuela acusó a los Estados Unidos de preparar una invasión y ordenó el "
               "despliegue de tropas en la costa, según dijo el ministro de defensa en una rueda de prensa.")
    [(_a, ex)] = _run([spanish])
    assert ex.events == []


def test_one_sentence_never_gives_dozens_of_events():
    names = " and ".join(["Brazil", "Mexico", "Chile", "Peru", "Colombia", "Ecuador", "Bolivia", "Panama",
                          "Cuba", "Haiti", "Uruguay", "Paraguay"])
    [(_a, ex)] = _run([f"{names} condemned Venezuela and Russia and China and Iran."])
    assert 0 < len(ex.events) <= 8


def test_document_time_budget_stops_coding_not_the_batch(monkeypatch, caplog):
    import flashpoint.extract as ex_mod

    monkeypatch.setattr(ex_mod, "DOC_BUDGET_SECONDS", 0.0)
    out = _run(["Venezuela accused Colombia of aggression. Colombia criticized Venezuela.",
                "Brazil urged talks."])
    assert len(out) == 2 and all(ex.events == [] for _a, ex in out)
    assert "time budget" in caplog.text
