"""CAMEO coding conventions of the event coder: mutual acts, lists of actors, refusals, appeals,
accusations, crowds, and actors read from context. Every sentence is written for the project."""
from __future__ import annotations

from flashpoint.extract import extract_articles
from flashpoint.model import Article


def code(text: str, published: str = "2024-05-10"):
    [(_article, ex)] = list(extract_articles([Article.create(text, published=published)]))
    return ex


def keys(ex) -> set[tuple]:
    """(CAMEO root, source country, target country) of every event."""
    return {(e.cameo[:2], e.source and e.source.country, e.target and e.target.country) for e in ex.events}


# --- several actors ---------------------------------------------------------------------------------

def test_a_list_parsed_as_an_apposition_still_meets_pairwise():
    got = keys(code("The UK, Brazil, and Egypt met yesterday."))
    for a, b in [("GBR", "BRA"), ("BRA", "GBR"), ("GBR", "EGY"), ("EGY", "BRA")]:
        assert ("04", a, b) in got


def test_a_described_person_is_not_read_as_a_list():
    ex = code("Ghana's envoy, the foreign minister, met Togo's president.")
    assert ("04", "GHA", "TGO") in keys(ex)
    assert not any(e.source and e.source.text == "the foreign minister" for e in ex.events)


def test_coordinated_nationalities_on_one_noun_give_one_actor_each():
    got = keys(code("French and German activists staged a protest in Warsaw on Sunday."))
    assert ("14", "FRA", "POL") in got and ("14", "DEU", "POL") in got


def test_coordinated_subjects_of_a_mutual_act_without_target_code_both_ways():
    got = keys(code("Kenya and Ethiopia deepened their economic partnership this year."))
    assert ("06", "KEN", "ETH") in got and ("06", "ETH", "KEN") in got


def test_talks_are_mutual():
    got = keys(code("The Turkish envoy held talks with the Greek foreign minister in Athens."))
    assert ("04", "TUR", "GRC") in got and ("04", "GRC", "TUR") in got


def test_a_meeting_with_someone_is_not_made_mutual():
    got = keys(code("Norway's prime minister met with Sweden's king on Tuesday."))
    assert ("04", "NOR", "SWE") in got and ("04", "SWE", "NOR") not in got


# --- who acts ---------------------------------------------------------------------------------------

def test_the_subject_of_a_raising_passive_is_the_actor():
    ex = code("The Kenyan president is scheduled to attend a conference in Ghana.")
    assert ("04", "KEN", "GHA") in keys(ex)


def test_a_person_pronoun_takes_a_role_noun_antecedent():
    ex = code("The Canadian prime minister said he would visit Peru.")
    assert any(e.source and e.source.text == "he" and e.source.country == "CAN" for e in ex.events)


def test_a_passive_killing_takes_its_doer_from_the_means():
    ex = code("Three farmers were killed in Turkish artillery shelling near the border.")
    assert any(e.cameo.startswith("19") and e.source and e.source.country == "TUR" for e in ex.events)


def test_a_passive_firing_takes_its_doer_from_where_it_came_from():
    ex = code("Two rockets were fired at Israel from Lebanon on Friday.")
    assert ("19", "LBN", "ISR") in keys(ex)


def test_an_adjective_role_is_not_an_owner():
    ex = code("Estonia offered military support to Moldova.")
    assert any(e.source and e.source.country == "EST" and e.target and e.target.country == "MDA"
               for e in ex.events)


def test_a_passive_relative_clause_makes_its_noun_the_target():
    ex = code("The blogger, who was arrested by Egyptian police last year, spoke out.")
    ev = [e for e in ex.events if e.cameo.startswith("17")]
    assert ev and ev[0].source.country == "EGY" and ev[0].target.text.startswith("The blogger")


def test_a_reduced_relative_makes_its_noun_the_target():
    ex = code("Sailors detained by Iranian guards were shown on television.")
    ev = [e for e in ex.events if e.cameo.startswith("17")]
    assert ev and ev[0].source.country == "IRN" and ev[0].target.text.startswith("Sailors")


def test_a_released_person_is_the_target_of_a_release():
    assert ("08", "ISR", "PSE") in keys(code("Israel released the Palestinian mayor of Jenin on Sunday."))


def test_a_released_prisoner_is_not_the_actor_of_a_passive_release():
    ex = code("Twelve prisoners were freed on Monday.")
    assert not any(e.source and e.source.text == "Twelve prisoners" for e in ex.events)


def test_the_claimant_of_an_attack_owns_it():
    ex = code("Al-Shabaab claimed responsibility for an attack on a police station in Kenya.")
    ev = [e for e in ex.events if e.cameo.startswith("19")]
    assert len(ev) == 1 and ev[0].source.country == "SOM" and ev[0].target.country == "KEN"


def test_intransitive_withdrawal_of_counted_troops():
    assert ("08", "UGA", "SOM") in keys(code("Hundreds of Ugandan troops withdrew from Somalia on Tuesday."))


# --- what is done -----------------------------------------------------------------------------------

def test_a_refused_cooperation_is_a_rejection():
    ex = code("Japan won't send aid to Myanmar.")
    assert ("12", "JPN", "MMR") in keys(ex)
    assert all(e.category == "REJECT" for e in ex.events)


def test_a_negated_past_act_stays_the_act_negated():
    ex = code("Japan did not send aid to Myanmar.")
    assert ("07", "JPN", "MMR") in keys(ex) and all(e.modality == "negated" for e in ex.events)


def test_wanting_someone_else_to_act_is_an_appeal_to_them():
    ex = code("Spain wants Portugal to close the border.")
    assert ("02", "ESP", "PRT") in keys(ex)


def test_wanting_to_act_oneself_is_not_an_appeal():
    ex = code("Spain wants to close the border with Portugal.")
    assert not any(e.cameo.startswith("02") for e in ex.events)


def test_a_passive_appeal_addresses_its_subject():
    assert ("02", "AUT", "HUN") in keys(code("Hungary was pressured by Austria to reopen the crossing."))


def test_a_victim_saying_it_was_attacked_accuses_the_attacker():
    ex = code("Israel said two rockets were fired at it from Lebanon on Friday.")
    assert ("11", "ISR", "LBN") in keys(ex) and ("19", "LBN", "ISR") in keys(ex)


def test_a_claim_that_another_country_attacked_is_an_accusation():
    assert ("11", "UKR", "BLR") in keys(code("Ukraine claimed that Belarusian troops had shelled the village."))


def test_reporting_fighting_between_others_is_no_accusation():
    ex = code("The Russian military said militants attacked Syrian government forces near Aleppo.")
    assert not any(e.cameo.startswith("11") for e in ex.events)


def test_a_pledge_codes_one_target_from_its_content():
    ex = code("Qatar pledged to expel leaders of the Egyptian movement under a deal brokered by Saudi Arabia.")
    pledges = [e for e in ex.events if e.cameo.startswith("03")]
    assert {e.target.country for e in pledges} == {"EGY"}


def test_expelling_people_who_are_not_diplomats_is_deportation():
    assert ("17", "LBY", "EGY") in keys(code("Libya expelled hundreds of Egyptian migrant workers last week."))
    assert ("16", "POL", "RUS") in keys(code("Poland expelled three Russian diplomats."))


# --- crowds -----------------------------------------------------------------------------------------

def test_police_fighting_rioters_is_repression_and_the_rioters_riot():
    ex = code("Egyptian police clashed with rioters in Cairo on Friday.")
    codes = {(e.cameo, e.source.text) for e in ex.events if e.source is not None}
    assert ("175", "Egyptian police") in codes and ("145", "rioters") in codes


def test_protesters_wrecking_property_riot():
    ex = code("Albanian protesters vandalised the Serbian embassy.")
    assert ("14", "ALB", "SRB") in keys(ex)


def test_a_crowd_firing_missiles_is_still_fighting():
    ex = code("Georgian demonstrators launched missiles at the Armenian embassy.")
    assert any(e.cameo == "195" for e in ex.events)


# --- claims and presupposed acts --------------------------------------------------------------------

def test_claiming_responsibility_keeps_the_attack_with_the_claimant_as_doer():
    ex = code("Boko Haram claimed responsibility for an attack on soldiers in Niger.")
    assert ("01", "NGA", "NER") in keys(ex)
    assert any(e.cameo.startswith("19") and e.source and e.source.country == "NGA" for e in ex.events)


def test_claiming_ones_own_attack_is_claiming_responsibility():
    ex = code("The Islamic State claimed that it had bombed the Iraqi base.")
    assert any(e.cameo == "015" and e.target and e.target.country == "IRQ" for e in ex.events)


def test_an_act_a_criticism_is_about_is_presupposed():
    ex = code("Turkey criticised Greece for the bombing of the Turkish consulate.")
    assert any(e.cameo.startswith("11") for e in ex.events)
    assert any(e.cameo.startswith("19") for e in ex.events)


def test_helping_with_no_one_helped_is_no_aid_event():
    ex = code("The Spanish army in Mali helped to plan the operation.")
    assert not any(e.cameo.startswith("07") for e in ex.events)
    assert ("07", "CUB", "VEN") in keys(code("Cuba helped Venezuela restore its power grid."))


def test_an_act_threatened_in_a_noun_is_not_coded_as_done():
    ex = code("The minister's threat to boycott the Olympic games angered Beijing.")
    assert not any(e.cameo.startswith("14") for e in ex.events)


def test_refusing_permission_is_a_rejection_toward_the_one_refused():
    ex = code("Hungary said it would not give permission to Serbia to use the pipeline.")
    assert ("12", "HUN", "SRB") in keys(ex)


def test_the_dative_of_a_light_verb_is_the_target_of_its_noun():
    assert ("08", "COL", "ECU") in keys(code("Colombia gave Ecuador permission to use its airspace."))
