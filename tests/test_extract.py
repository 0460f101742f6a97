"""The extractor on a table of real sentences: what it finds, and what it must not."""
from __future__ import annotations

import pytest

from statwh.extract import extract_statistics, split_sentences

# (sentence, [(value, unit, kind, qualifier, per), ...]) — every statistic, in order.
FINDS = [
    ("At least 80,000 people in the UK are believed to pose a sexual threat to children online, according to the National Crime Agency.",
     [(80000, "count", "level", "at_least", None)]),
    ("New statistics reveal the number of child abuse images referred to the agency have surged 700 per cent in the last five years.",
     [(700, "percent", "change", "exact", None)]),
    ("Separate figures indicate that police in England and Wales recorded around 23 online child sexual offences every day in 2017-18 – up from 15 a day in the previous 12 months.",
     [(23, "count", "level", "approx", "day"), (15, "count", "level", "exact", "day")]),
    ("This government has already invested £600,000 in a project that trawls the web to identify pages with suspected abuse content.",
     [(600000, "GBP", "level", "exact", None)]),
    ("The Treasury will spend £2.5bn on the scheme.", [(2.5e9, "GBP", "level", "exact", None)]),
    ("The company lost $800 million last year.", [(8e8, "USD", "level", "exact", None)]),
    ("Some 1.6m households are behind on their bills.", [(1.6e6, "count", "level", "approx", None)]),
    ("Eighty thousand people signed the petition.", [(80000, "count", "level", "exact", None)]),
    ("One in five children said they had been bullied online.", [(20, "percent", "level", "exact", None)]),
    ("Almost half of adults said they were worried.", [(50, "percent", "level", "approx", None)]),
    ("A third of schools reported a shortage of teachers.", [(33.33, "percent", "level", "exact", None)]),
    ("The number of referrals has doubled since 2015.", [(2, "times", "change", "exact", None)]),
    ("Women were seven times more likely to be victims.", [(7, "times", "change", "exact", None)]),
    ("Arrests rose by 5,000 to 20,000.", [(5000, "count", "change", "exact", None), (20000, "count", "level", "exact", None)]),
    ("The unemployment rate was 3.7%, 0.2 percentage points higher than the previous quarter.",
     [(3.7, "percent", "level", "exact", None), (0.2, "percentage_points", "change", "exact", None)]),
    ("Prices fell 4.5% in the year to October 2015.", [(4.5, "percent", "change", "exact", None)]),
    ("The rate was 121.1 per 100,000 population.", [(121.1, "count", "level", "exact", "100000 population")]),
    ("Infant mortality was 3.9 per 1,000 births.", [(3.9, "count", "level", "exact", "1000 births")]),
    ("There were 52 deaths per 100,000 people.", [(52, "count", "level", "exact", "100000 people")]),
    ("The scheme costs £18 billion a year.", [(1.8e10, "GBP", "level", "exact", "year")]),
    ("Officers made more than 130 arrests.", [(130, "count", "level", "more_than", None)]),
    ("Up to 80,000 people may be affected.", [(80000, "count", "level", "at_most", None)]),
    ("Fewer than 300 cases were prosecuted.", [(300, "count", "level", "less_than", None)]),
    ("Between 50 and 60 per cent of staff agreed.", [(50, "percent", "level", "exact", None)]),
    ("A stamp costs 85p.", [(0.85, "GBP", "level", "exact", None)]),
    ("Average life expectancy was 73.2 years in 2023.", [(73.2, "years", "level", "exact", None)]),
    ("Officers seized 25 tonnes of class A drugs.", [(25, "tonnes", "level", "exact", None)]),
    # A decimal with two places is a figure, not a time of day ("10.30am" is a time).
    ("The budget rose to £1.25 million in 2019.", [(1.25e6, "GBP", "level", "exact", None)]),
    ("Average spend was 10.99 a week.", [(10.99, "count", "level", "exact", "week")]),
    ("The call came at 10.30am and 12 people were hurt at 14:45.", [(12, "count", "level", "exact", None)]),
    ("The figure represents a threefold increase.", [(3, "times", "change", "exact", None)]),
    # A pair "from X to Y" or "between X and Y" is written in the second figure's unit and scale.
    ("Life expectancy rose from 32 to 71 years.", [(32, "years", "level", "exact", None), (71, "years", "level", "exact", None)]),
    ("The population rose from 1.2 to 1.5 million.", [(1.2e6, "count", "level", "exact", None), (1.5e6, "count", "level", "exact", None)]),
    ("Between 2 and 3 million people are affected.", [(2e6, "count", "level", "exact", None)]),
    ("The drug was found to reduce deaths by a third.", [(33.33, "percent", "change", "exact", None)]),
    ("Deaths were 9.3% above the five-year average.", [(9.3, "percent", "change", "exact", None)]),
    ("The gap narrowed to 2.1 points.", [(2.1, "count", "level", "exact", None)]),
    ("A quarter of a million people signed the petition.", [(250000, "count", "level", "exact", None)]),
    ("Around £1 in every £5 is spent on interest.", [(20, "percent", "level", "approx", None)]),
    ("Output grew 0.5 ppts in the quarter.", [(0.5, "percentage_points", "change", "exact", None)]),
    # A unit or a scale written once for two figures; a restatement in other terms keeps its own.
    ("Rates were 20 and 30 per cent in the two regions.",
     [(20, "percent", "level", "exact", None), (30, "percent", "level", "exact", None)]),
    ("Some 3 or 4 million people are affected.", [(3e6, "count", "level", "approx", None), (4e6, "count", "level", "exact", None)]),
    ("There was an increase of 338 or 5%.", [(338, "count", "change", "exact", None), (5, "percent", "change", "exact", None)]),
    ("The charity raised €250,000.", [(250000, "EUR", "level", "exact", None)]),
    ("Between 5% and 10% of cases were missed.", [(5, "percent", "level", "exact", None)]),
    ("Wages rose by 6.5 per cent, or £40 a week.",
     [(6.5, "percent", "change", "exact", None), (40, "GBP", "change", "exact", "week")]),
    # A waiting time after "more than" bounds a group; it is not itself a figure.
    ("There were 389,952 patients waiting more than 52 weeks.", [(389952, "count", "level", "exact", None)]),
    ("Life expectancy rose by over 20 years.", [(20, "years", "change", "more_than", None)]),
    # Footnote markers glued to a figure are not figures.
    ("The rate rose to 5.2%[2] last year.", [(5.2, "percent", "level", "exact", None)]),
    ("Crime fell 10%.3 Officers said so.", [(10, "percent", "change", "exact", None)]),
    # "under 18" closing a clause is an age.
    ("Of those, 2.3m (12%) were under 18.", [(2.3e6, "count", "level", "exact", None), (12, "percent", "level", "exact", None)]),
]

# Sentences whose numbers are not statistics.
FINDS_NOTHING = [
    "One officer I met, who had previously worked in counter-terrorism for over 20 years, told me.",
    "Images show abuse of babies and children under 10 more regularly.",
    "The figures for 2017-18 were published on 12 September 2018.",
    "Since lockdown began on March 23 the agency has been busy.",
    "Section 74 of the Social Services and Well-being (Wales) Act applies.",
    "Call 0370 496 7622 between 9am and 5pm.",
    "A 13-year-old girl was jailed for 26 months.",
    "The report sets out five main areas for action.",
    "Adults aged 18 to 74 years took part.",
    "before the age of 16 years",
    "Packages 050520rAnd more",
    "pre-coronavirus (COVID-19) pandemic levels",
    "at the beginning of the 20th century",
    "the previous three-month period (June to August 2022)",
    "Employment (000s, aged 16 years and above) | 32,781 | +27 | +219 | -292 |",
    "Más del 40% (19 millones) de los hogares del país",
    "In 1770, the average life expectancy was low.",
    "The 2018 HM Government report said so.",
    "UIN 1982, tabled on 13 February 2020",
    "The Prime Minister spoke outside 10 Downing Street.",
    "Year 6 pupils sat Key Stage 2 tests in May.",
    "In the top 10 countries, rates were higher.",
    # Page furniture and markers.
    "5 min read",
    "Page 2 of 10",
    "Image 1 of 5",
    "Download PDF (2.3 MB)",
    "Last modified on Tue 14 Nov 2023 10.45 GMT",
    "Chart 4: Number of arrests, 2010 to 2020",
    "The report was published on 11/17/2021.",
    "See paragraphs 4.2 and 4.3.",
    "Patients with type 2 diabetes answered category 3 questions.",
]


@pytest.mark.parametrize(("sentence", "expected"), FINDS, ids=[s[:40] for s, _ in FINDS])
def test_finds_statistics(sentence, expected):
    got = [(s.value, s.unit, s.kind, s.qualifier, s.per) for s in extract_statistics(sentence)]
    assert [(pytest.approx(v), u, k, q, p) for v, u, k, q, p in expected] == got


@pytest.mark.parametrize("sentence", FINDS_NOTHING, ids=[s[:40] for s in FINDS_NOTHING])
def test_finds_nothing(sentence):
    assert [(s.value, s.unit, s.number_text) for s in extract_statistics(sentence)] == []


def test_currency_code_is_not_a_place():
    [stat] = extract_statistics("Investment of US$4.5 billion was announced.")
    assert (stat.unit, stat.geography) == ("USD", None)


def test_range_has_high_value():
    [stat] = extract_statistics("Between 50 and 60 per cent of staff agreed.")
    assert (stat.value, stat.value_high) == (50, 60)


def test_offsets_point_at_the_number(seed_document):
    text = seed_document.read_text(encoding="utf-8")
    for stat in extract_statistics(text):
        assert text[stat.char_start : stat.char_end] == stat.number_text
        assert stat.number_text in stat.quote
        assert text.find(stat.quote) >= 0


def test_seed_article_gives_exactly_its_five_statistics(seed_document):
    stats = extract_statistics(seed_document.read_text(encoding="utf-8"))
    got = {(s.value, s.unit, s.per, s.kind, s.direction, s.qualifier) for s in stats}
    assert got == {
        (80000, "count", None, "level", None, "at_least"),
        (700, "percent", None, "change", "up", "exact"),
        (23, "count", "day", "level", None, "approx"),
        (15, "count", "day", "level", None, "exact"),
        (600000, "GBP", None, "level", None, "exact"),
    }
    by_value = {s.value: s for s in stats}
    assert by_value[80000].geography == "United Kingdom"
    assert by_value[80000].source == "National Crime Agency"
    assert by_value[700].source == "National Crime Agency"  # "the agency", resolved
    assert by_value[700].period_label == "last five years"
    assert (by_value[23].period_label, str(by_value[23].period_start), str(by_value[23].period_end)) == (
        "2017-18", "2017-04-01", "2018-03-31")
    assert by_value[23].geography == "England and Wales"
    assert by_value[15].period_label == "previous 12 months"


def test_headline_repeat_is_one_statistic():
    text = ("80,000 people in UK pose sex threat to children online\n"
            "At least 80,000 people in the UK are believed to pose a sexual threat to children online.")
    [stat] = extract_statistics(text)
    assert stat.qualifier == "at_least"


def test_same_value_for_a_group_and_its_subgroup_is_two_statistics():
    stats = extract_statistics("During 2020, 43.7% of men were vaccinated.\n"
                               "Among men, 32.7% aged 18–44 years and 43.7% aged 45–64 years were vaccinated.")
    assert [s.value for s in stats] == [43.7, 32.7, 43.7]


def test_same_value_about_different_things_is_two_statistics():
    text = "The force recorded 500 burglaries.\nIt also recorded 500 robberies in the city centre."
    assert len(extract_statistics(text)) == 2


def test_glued_sentences_are_split():
    text = "Your support makes all the difference.At least 80,000 people pose a threat."
    assert [s.text for s in split_sentences(text)] == [
        "Your support makes all the difference.", "At least 80,000 people pose a threat."]


def test_publication_date_resolves_relative_periods():
    from datetime import date
    [stat] = extract_statistics("Sales rose 5% last year.", published=date(2020, 6, 1))
    assert (stat.period_start, stat.period_end) == (date(2019, 1, 1), date(2019, 12, 31))


def test_named_government_is_a_source_without_a_verb():
    [stat] = extract_statistics("The figures, published by the Scottish Government, show a 4% fall.")
    assert stat.source == "Scottish Government"


def test_a_paragraphs_source_carries_to_its_next_sentence():
    stats = extract_statistics("Ofcom's report indicates that 75% of parents feel confident. "
                               "However, confidence declines with age, from 81% to 74%.",
                               publisher="UK Parliament (written answer, DCMS)")
    assert [s.source for s in stats] == ["Ofcom"] * 3


def test_change_verb_well_before_by():
    [stat] = extract_statistics("We have provided a settlement that is increasing total investment in the police "
                                "system by more than £460 million.")
    assert (stat.kind, stat.direction) == ("change", "up")


def test_publisher_is_the_fallback_source():
    [stat] = extract_statistics("Employment rose by 27,000.", publisher="Office for National Statistics (statistical bulletin)")
    assert stat.source == "Office for National Statistics"


def test_comparison_base_is_not_the_figures_period():
    [level, change] = extract_statistics(
        "September to November 2022 estimates are out.\n"
        "The unemployment rate was 3.7%, 0.2 percentage points higher than the previous three-month period.")
    assert level.period_label == change.period_label == "September to November 2022"


def test_restatement_after_or_is_the_same_change():
    stats = extract_statistics("The average Band D council tax is £2,065 in 2023-24, up £99 or 5.1% on 2022-23.")
    assert [(s.value, s.kind, s.direction, s.period_label) for s in stats] == [
        (2065, "level", None, "2023-24"), (99, "change", "up", "2023-24"), (5.1, "change", "up", "2023-24")]
    assert stats[2].subject == stats[0].subject


@pytest.mark.parametrize(("sentence", "subjects"), [
    ("Among men, the death rate was 221.4 in rural counties and 165.1 in urban counties.",
     ["the death rate", "the death rate in urban counties"]),
    ("Unemployment in Wales was 3.9% and 4.2% in Scotland.", ["Unemployment in Wales", "Unemployment in Scotland"]),
    ("The £15m cash seized – which follows on from £13m in the first two months – was a record.",
     ["cash seized", "cash seized"]),
    ("The initial estimate of government borrowing was £303.1 billion.", ["The initial estimate of government borrowing"]),
    ("Officers seized cocaine worth £2 million.", ["Officers seized cocaine"]),
    ("In 2021, an estimated 106,699 drug overdose deaths occurred.", ["drug overdose deaths occurred"]),
    ("Total pay growth was 8.2%, while regular pay growth was 7.8%.", ["Total pay growth", "regular pay growth"]),
    ("Vacancies fell by 58,000 on the quarter to 957,000.", ["Vacancies", "Vacancies"]),
    ("Debt peaks at 94.8 per cent of GDP in 2027-28.", ["Debt"]),
    ("Research by the Resolution Foundation found typical incomes fell 3%.", ["typical incomes"]),
    ('"We have seen a 40% rise in referrals," said the chief executive.', ["rise in referrals"]),
    ("Inflation is expected to average 7.5% this year, before falling to 3.3% next year.", ["Inflation", "Inflation"]),
    ("During 2020, 43.7% of men and 51.9% of women aged 18 or older received a vaccination.",
     ["men aged 18 or older received a vaccination", "women aged 18 or older received a vaccination"]),
    ("Confidence declines with age, from 81% of parents of children aged 5 to 7, to 74% of parents of children aged 12 to 15.",
     ["parents of children aged 5 to 7", "parents of children aged 12 to 15"]),
    ("Among men, 32.7% aged 18–44 years, 43.7% aged 45–64 years, and 69.0% aged 65 and older were vaccinated.",
     ["men aged 18–44 years", "men aged 45–64 years", "men aged 65 and older vaccinated"]),
    ("The percentage of children with asthma decreased from 9.4% in 2001 to 6.5% in 2021.",
     ["children with asthma", "children with asthma"]),
    ("Knife crime offences increased by 7% to 49,991.", ["Knife crime offences", "Knife crime offences"]),
    ("There were 590 homicides, a 15% decrease from 696.", ["homicides", "homicides", "homicides"]),
    ("Fraud decreased by 13% compared with the previous year, to 3.2 million incidents.", ["Fraud", "Fraud"]),
])
def test_subjects_of_figures_that_continue_or_restate(sentence, subjects):
    assert [s.subject for s in extract_statistics(sentence)] == subjects


def test_figure_after_compared_with_restates_the_measure():
    stats = extract_statistics("Unemployment in Wales was 3.9%, compared with 4.2% across the UK.")
    assert [s.subject for s in stats] == ["Unemployment in Wales", "Unemployment in Wales"]


def test_base_figure_in_brackets_after_its_period():
    stats = extract_statistics("6.7 million offences were recorded in the year ending June 2023, "
                               "a 4% increase compared with the year ending June 2022 (6.5 million).")
    assert [(s.value, s.kind, s.period_label) for s in stats] == [
        (6.7e6, "level", "year ending June 2023"), (4, "change", "year ending June 2023"),
        (6.5e6, "level", "year ending June 2022")]


def test_the_previous_year_after_on_is_a_base():
    stats = extract_statistics("Police recorded 14,577 knife offences in the year to March 2023, up 21 per cent on the previous year.")
    assert [s.period_label for s in stats] == ["year to March 2023", "year to March 2023"]


def test_that_is_refers_to_the_last_figures_measure():
    stats = extract_statistics("Police recorded 49,991 knife offences.\nThat is 5 per cent higher than in 2021-22.")
    assert stats[1].subject == stats[0].subject


def test_page_furniture_offers_are_not_figures():
    assert extract_statistics("Subscribe for £1 a month.") == []
    assert [s.value for s in extract_statistics("Registered births fell 5% in 2022.")] == [5]


@pytest.mark.parametrize(("sentence", "label"), [
    ("The agency has made more than 130 arrests since lockdown began on March 23.", "since lockdown began on March 23"),
    ("It follows £13m seized in the first two months of the year.", "first two months of the year"),
    ("Year-to-date borrowing now stands at £270.8 billion.", "Year-to-date"),
    ("There were 100,306 deaths, up from 78,056 deaths during the same period the year before.", "same period the year before"),
])
def test_relative_periods(sentence, label):
    assert extract_statistics(sentence)[-1].period_label == label


def test_a_period_opening_the_next_clause_belongs_to_its_figure():
    stats = extract_statistics("Crime fell by 5%, and in 2020 it rose by 3%.")
    assert [(s.value, s.period_label) for s in stats] == [(5, None), (3, "2020")]


def test_figure_in_brackets_after_a_period_is_that_periods():
    stats = extract_statistics("The rate increased by 14% from 2020 (28.3 per 100,000) to 2021 (32.4).")
    assert [(s.value, s.period_label) for s in stats][1:] == [(28.3, "2020"), (32.4, "2021")]


def test_highest_since_is_a_base_not_the_figures_period():
    [stat] = extract_statistics("Borrowing rose in December 2020 to reach £34.1 billion, the highest monthly total since May.")
    assert stat.period_label == "December 2020"


def test_a_later_figure_takes_the_first_dated_period_of_the_sentence_before():
    stats = extract_statistics("Borrowing for the 2020-21 fiscal year was £303.1 billion, double the record set in 2009-10.\n"
                               "It is £24.3 billion below our forecast.")
    assert stats[-1].period_label == "2020-21 fiscal year"


def test_records_began_is_not_the_figures_period():
    [stat] = extract_statistics("The proportion fell to 23.5%, the lowest since records began in 1971.")
    assert stat.period_label is None


def test_figure_inside_a_comparison_takes_the_comparisons_period():
    stats = extract_statistics("Child poverty rates were 29% in 2019/20, compared with 27% in 2010/11.")
    assert [(s.value, s.period_label, s.subject) for s in stats] == [
        (29, "2019/20", "Child poverty rates"), (27, "2010/11", "Child poverty rates")]


@pytest.mark.parametrize(("sentence", "label", "start", "end"), [
    ("GDP is estimated to have grown by 0.2% in Quarter 3 (July to Sept) 2023.", "Quarter 3 (July to Sept) 2023", "2023-07-01", "2023-09-30"),
    ("Output fell 0.1% in 2023 Q3.", "2023 Q3", "2023-07-01", "2023-09-30"),
    ("Output fell 0.1% in Q2 2024.", "Q2 2024", "2024-04-01", "2024-06-30"),
    ("Earnings rose 7.7% in the 3 months to August 2023.", "3 months to August 2023", "2023-06-01", "2023-08-31"),
    ("There were 8,765 deaths in the week ending 3 November 2023.", "week ending 3 November 2023", "2023-10-28", "2023-11-03"),
    ("Between 2010 and 2019, police funding fell by 19%.", "Between 2010 and 2019", "2010-01-01", "2019-12-31"),
    ("The economy shrank by 0.3% in the final three months of 2023.", "final three months of 2023", "2023-10-01", "2023-12-31"),
    ("Sales rose 2% in the first half of 2022.", "first half of 2022", "2022-01-01", "2022-06-30"),
    ("Rents rose 6.2% in the year to October 2023.", "year to October 2023", "2022-11-01", "2023-10-31"),
])
def test_periods(sentence, label, start, end):
    [stat] = extract_statistics(sentence)
    assert (stat.period_label, str(stat.period_start), str(stat.period_end)) == (label, start, end)


def test_opening_period_scopes_the_sentence():
    stats = extract_statistics("During 2020, 43.7% of men and 51.9% of women received a vaccination in the past 12 months.")
    assert [s.period_label for s in stats] == ["2020", "2020"]


def test_current_financial_year_resolves_from_publication_date():
    from datetime import date
    [stat] = extract_statistics("Funding rose by £460 million in the current financial year.", published=date(2018, 9, 12))
    assert (stat.period_start, stat.period_end) == (date(2018, 4, 1), date(2019, 3, 31))


def test_restatement_in_brackets_shares_the_period():
    stats = extract_statistics("Over 40% (19 million) of renter households spent it during the 2017-2021 period.")
    assert [(s.value, s.period_label) for s in stats] == [(40, "2017-2021"), (19e6, "2017-2021")]


@pytest.mark.parametrize(("sentence", "number", "subject"), [
    ("Police in Kent recorded 900 burglaries in 2019.", "900", "burglaries recorded by Police in Kent"),
    ("The UK employment rate was estimated at 75.6%.", "75.6%", "The UK employment rate"),
    ("4,989 (70%) children were accommodated in foster care placements.", "4,989", "children accommodated in foster care placements"),
    ("Year-to-date borrowing now stands at £270.8 billion.", "£270.8 billion", "Year-to-date borrowing"),
    ("Data from NCHS indicate that there were an estimated 100,306 drug overdose deaths.", "100,306", "drug overdose deaths"),
])
def test_subject(sentence, number, subject):
    [stat] = [s for s in extract_statistics(sentence) if s.number_text == number]
    assert stat.subject == subject


def test_statistics_survive_pickling_as_dask_workers_send_them():
    """Compiled by mypyc (what make builds), a frozen dataclass cannot be unpickled attribute by
    attribute: Statistic pickles by its constructor's arguments instead."""
    import pickle

    statistics = extract_statistics("Police recorded about 23 offences a day in England in 2017-18, the ONS said.")
    assert statistics and pickle.loads(pickle.dumps(statistics)) == statistics
