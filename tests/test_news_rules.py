"""The rules that tell statistics from other numbers in news, each with made-up examples in at least
three different contexts, what it must catch and what it must leave alone (FORMAT.md, "News articles").

None of these sentences is from a gold set: the rules are tested on kinds of error, not on sentences.
"""
from __future__ import annotations

import pytest

from statwh.candidates import find_quantities
from statwh.decide import rejection_reason
from statwh.extract import extract_statistics
from statwh.sentences import split_sentences
from statwh.periods import find_periods


def decisions(sentence: str, news: bool = True) -> dict[str, str | None]:
    """Each candidate number as written -> the rule that rejected it, or None if kept, in a news
    report (``news``) or an official release."""
    sent = split_sentences(sentence)[0]
    periods = find_periods(sentence)
    return {sentence[q.start : q.end]: rejection_reason(sent, q, periods, news=news) for q in find_quantities(sentence)}


# (rule, sentence, the number as written) — each rule must reject the number.
REJECTED = [
    ("age", "The victim, Maria Ortiz, 41, was found at home.", "41"),
    ("age", "Her younger sister, 19, was not charged.", "19"),
    ("age", "Doyle, a former coach at the club, was 72.", "72"),
    ("age", "He was 88.", "88"),
    ("time of day", "The first tremor struck at 0415 GMT on Friday.", "0415"),
    ("time of day", "Polls closed at 2000 local time (1800 UTC).", "1800"),
    ("time of day", "The launch slipped to 9:45 in the evening.", "9"),
    ("label", "She climbed to number 12 in the world rankings.", "12"),
    ("label", "Protesters gathered near Area 9 of the base.", "9"),
    ("label", "The single peaked at #3 on the chart.", "3"),
    ("label", "Mothers can request leave from week 20 of a pregnancy.", "20"),
    ("phone number", "A neighbour phoned 999 when the smoke appeared.", "999"),
    ("phone number", "Residents were told to dial 112 for help.", "112"),
    ("phone number", "Anyone with information should contact police on 101.", "101"),
    ("phone number", "Please contact police by calling 101 with any information.", "101"),
    ("distance locating a place", "The epicentre was 40 kilometres south of the capital.", "40 kilometres"),
    ("distance locating a place", "The ship sank 300 miles (480 km) west of Lisbon.", "300 miles"),
    ("distance locating a place", "The camp lies 12 km away from the border.", "12 km"),
    ("one person's sentence", "The smuggler was jailed, receiving nine years in prison.", "nine years"),
    ("one person's sentence", "He faces a minimum term of 18 years before parole.", "18 years"),
    ("one person's sentence", "Both men will be eligible for parole in 20 years.", "20 years"),
    ("duration or period", "Her winning time was 2 hours 14 minutes 4 seconds.", "4 seconds"),
    ("small count in words", "The minister gave three reasons for the delay.", "three"),
    ("small count in words", "The two men left the court without comment.", "two"),
    ("small count in words", "Reporters spoke to one of the five finalists.", "one"),
    ("charges in one case", "He admitted his guilt, pleading guilty to fourteen felony charges.", "fourteen"),
    ("small count in words", "The law requires two judges' signatures.", "two"),
    ("exchange rate base", "At the time one euro was worth about US$1.10.", "one euro"),
    ("number in a name", "Engineers said Debian Linux 12 would ship first.", "12"),
    ("number in a name", "The jet, an Airbus A380 rival called the Comet 4, was grounded.", "4"),
    ("number in a name", "Residents of Sector 17 were told to leave.", "17"),
    ("number in a name", "Democracy 2.0 was the panel's theme.", "2.0"),
    ("identifier or glued marker", "Astronomers found water on TOI-270d and K2-18b.", "18b"),
    ("date or period", "The festival ran from June 3 to 9 in the park.", "9"),
    ("duration or period", "It took firefighters around six hours to put out the blaze.", "six hours"),
    ("age", "Two officers, Ana Ruiz and Tom Lake, 31 and 44, were suspended.", "31"),
    ("age", "Two officers, Ana Ruiz and Tom Lake, 31 and 44, were suspended.", "44"),
    ("date or period", "The temple was built around 1200 BC and rebuilt in AD 70.", "1200"),
    ("uncertainty", "The star lies 2400 ± 310 light years away.", "310 light years"),
    ("sports score", "Leeds beat Hull 3-1 at home on Saturday.", "1"),
    ("sports score", "The Tigers defeated the Hawks 45 points to 24.", "24"),
    ("charges in one case", "The former mayor faces 12 counts of bribery.", "12"),
    ("vague quantity", "Dozens of homes were flooded overnight.", "Dozens"),
    ("distance locating a place", "Two blasts hit within three miles of each other.", "three miles"),
    ("one match's tally", "The goalkeeper made 31 saves in the final.", "31"),
    ("one match's tally", "Smith scored 14 goals and Jones took 5 wickets.", "5"),
    ("number in a name", "She filmed it on an iPhone 11 at the scene.", "11"),
    ("description of one object", "The family lived in a 25-room home outside town.", "25"),
    ("description of one object", "The 300-page report was published on Monday.", "300"),
    ("description of one object", "Fire gutted a 40-storey tower in the city.", "40"),
    ("threshold", "Congress would have to pass it by two-thirds majority of both houses.", "two-thirds"),
    ("description of one object", "The 90 m (300 ft) tanker ran aground.", "90 m"),
    ("description of one object", "The 90 m (300 ft) tanker ran aground.", "300 ft"),
    ("description of one object", "Workers repaved a 12 km stretch of the motorway.", "12 km"),
    ("age", "The singer would have been 75 on March 3.", "75"),
    ("age", "The princess, 67, opened the hospital.", "67"),
    ("one person's family", "She is survived by her husband and four children.", "four"),
    ("one person's family", "The mayor has two sons and a daughter.", "two"),
    ("list count", "The law allows it in only two cases: rape and risk to life.", "two"),
    ("duration or period", "Researchers followed the whales for 30+ years.", "30+ years"),
    ("distance locating a place", "The nebula is about 1,300 light years away.", "1,300 light years"),
]


@pytest.mark.parametrize("rule, sentence, number", REJECTED)
def test_rule_rejects(rule, sentence, number):
    assert decisions(sentence)[number] == rule


# (sentence, the number as written) — kept as a statistic: the rules above must leave these alone.
KEPT = [
    ("The storm killed three people and injured 14 more.", "three"),
    ("Police arrested two for looting on Sunday.", "two"),
    ("Four other passengers were taken to hospital.", "Four"),
    ("Six of the victims were children, officials said.", "Six"),
    ("All but one of the 27 member states backed the plan.", "one"),
    ("One firefighter was among the dead.", "One"),
    ("Seven countries have bid to host the games.", "Seven"),
    ("Reporters spoke to one of the five candidates in the race.", "five"),
    ("Two Republican senators voted against the bill.", "Two"),
    ("The death toll was 66.", "66"),
    ("Scotland's total was 66.", "66"),
    ("Wales was 114.", "114"),
    ("The Dow lost 500 points on Monday.", "500"),
    ("Last week 300 people were evacuated from the valley.", "300"),
    ("Turnout reached 41, officials in the county said.", "41"),
    ("The hurricane's winds reached 120 mph before landfall.", "120 mph"),
    ("The ship was carrying 2,000 barrels of oil when it ran aground.", "2,000 barrels"),
    ("Exports made up over 60 percent of its revenue.", "60 percent"),
    ("The company paid a fine of USD40m to regulators.", "USD40m"),
    ("In Texas 500 people lost power.", "500"),
    ("In London 1,200 were arrested over the weekend.", "1,200"),
    ("Across the North East 450 schools closed.", "450"),
    ("Hotel Fire Kills 17 In Delhi", "17"),
    ("About 40 Protesters Were Held", "40"),
    ("The motion passed 312 to 88 in the lower house.", "88"),
    ("Police made 300 charges of theft last year.", "300"),
    ("All but one of the 55-member union signed the pact.", "55"),
    ("Fans packed the 60,000-seat stadium.", "60,000"),
    ("The couple kept their twelve children captive for years.", "twelve"),
    ("Floodwater rose 2 m overnight in the town.", "2 m"),
]


@pytest.mark.parametrize("sentence, number", KEPT)
def test_rules_keep(sentence, number):
    assert decisions(sentence)[number] is None


# (sentence, [(value, value_high, unit), ...]): how news writes figures the parser must read whole.
READ = [
    ("Organisers said one-to-two thousand people came.", [(1000, 2000, "count")]),
    ("An estimated three-to-four hundred homes lost power.", [(300, 400, "count")]),
    ("The motion passed 312-to-88.", [(312, None, "count"), (88, None, "count")]),
    ("Nearly half a million households were affected.", [(500000, None, "count")]),
    ("Gusts of 90 miles (145 km) per hour hit the coast.", [(90, None, "mph"), (145, None, "km/h")]),
    ("Winds of 60 mph (95 km/h) were recorded.", [(60, None, "mph"), (95, None, "km/h")]),
    ("The bill raises the minimum wage to USD12 an hour.", [(12, None, "USD")]),
    ("The court set bail at 50,000 Georgian lari.", [(50000, None, "GEL")]),
    ("Temperatures reached 41.2°C in the city.", [(41.2, None, "degrees celsius")]),
    ("A magnitude 6.1 earthquake and a 5.4-magnitude aftershock hit.", [(6.1, None, "magnitude"), (5.4, None, "magnitude")]),
    ("The fund holds nine billion US dollars.", [(9e9, None, "USD")]),
    ("The city spent 300 million złotys on trams.", [(3e8, None, "PLN")]),
    ("Each family received CDN$2,500 in aid.", [(2500, None, "CAD")]),
    ("The quake measured 6.4 on the Richter scale.", [(6.4, None, "magnitude")]),
    ("The port handled cargo worth HK$3.2 billion.", [(3.2e9, None, "HKD")]),
    ("Seismologists said the earthquake's magnitude was 5.9.", [(5.9, None, "magnitude")]),
    ("A 6.1 quake shook the island on Monday.", [(6.1, None, "magnitude")]),
    ("The black hole has a mass of 4.2 solar masses.", [(4.2, None, "solar masses")]),
    ("The stars orbit at 60 km/s.", [(60, None, "km/s")]),
    ("Samples were kept at 28° Celsius.", [(28, None, "degrees celsius")]),
    ("The 1,000 megawatt cable opens in 2025.", [(1000, None, "MW")]),
    ("Almost 60 to 70% of members were infected.", [(60, 70, "percent")]),
    ("Some three-and-a-half million people voted.", [(3.5e6, None, "count")]),
    ("Children aged eleven and twelve sat the test, and 4,000 passed.", [(4000, None, "count")]),
    ("Families get 20 thousand to 50 thousand rupees a year.", [(20000, 50000, "INR")]),
    ("The painting is worth five to six million US dollars.", [(5e6, 6e6, "USD")]),
]


@pytest.mark.parametrize("sentence, expected", READ)
def test_news_figures_read_whole(sentence, expected):
    found = [(s.value, s.value_high, s.unit) for s in extract_statistics(sentence)]
    assert found == [(float(v), None if h is None else float(h), u) for v, h, u in expected]


@pytest.mark.parametrize("sentence", [
    "The eighth was found in a ravine.",
    "In third was the Green candidate.",
    "She finished second, behind the champion.",
])
def test_ordinals_are_not_shares(sentence):
    assert [s for s in extract_statistics(sentence) if s.unit == "percent"] == []


def test_a_share_after_the_still_reads():
    assert [(s.value, s.unit) for s in extract_statistics("Only a third of voters turned out.")] == [(33.33, "percent")]


@pytest.mark.parametrize("sentence, source", [
    ("According to a survey on Tuesday by Ipsos, 40% of adults agreed.", "Ipsos"),
    ("According to data compiled by one of the Bank of Korea's teams, 3% of firms closed.", "Bank of Korea"),
    ("Eleven were hurt, according to court documents seen by reporters.", "court documents"),
    ("Nine were charged, according to agreed facts read in court.", "agreed facts read in court"),
    ("According to the B.C. Wildfire Service, 300 homes burned.", "B.C. Wildfire Service"),
])
def test_news_sources(sentence, source):
    assert {s.source for s in extract_statistics(sentence)} == {source}


# --- where and when, in a news report -----------------------------------------------------

NEWS_REPORT = """Wednesday, May 6, 2020

Floods hit Kerala as monsoon arrives early

Heavy rain in Kerala killed 14 people on Tuesday, officials said. Another 2,300 were moved to camps.

The state's chief minister, a native of Kannur, said 40 villages remained cut off.

Separately, a senator from Ohio said in 2019 the US sent aid worth $5 million.
"""


def _news_statistics():
    return {s.number_text: s for s in extract_statistics(NEWS_REPORT, "Floods hit Kerala as monsoon arrives early",
                                                         "Wikinews")}


def test_a_news_dateline_is_no_period_of_its_figures():
    stats = _news_statistics()
    assert stats["14"].period_label is None  # "on Tuesday": the day of the event, and the dateline, are no period
    assert stats["2,300"].period_label is None


def test_a_news_figure_takes_its_paragraphs_place_else_the_reports():
    stats = _news_statistics()
    assert stats["14"].geography == "Kerala"
    assert stats["2,300"].geography == "Kerala"  # carried within its paragraph
    assert stats["40"].geography == "Kerala"  # the report's scope: its title's place


def test_a_place_that_describes_a_person_is_no_figures_place():
    stats = _news_statistics()
    assert stats["$5 million"].geography == "United States"  # not Ohio, the senator's state
    found = extract_statistics("United States Senator Jane Roe said 300 troops would leave Iraq.", None, "Wikinews")
    assert [s.geography for s in found] == ["Iraq"]
    found = extract_statistics("The former mayor of Leeds, England, won 52% of the vote in Kenya.", None, "Wikinews")
    assert [s.geography for s in found] == ["Kenya"]


def test_an_official_release_still_carries_its_headings_place_and_period():
    text = "Children looked after in Wales, 2019-20\n\nThere were 7,172 children looked after.\n"
    found = extract_statistics(text, "Children looked after", "Welsh Government")
    assert [(s.geography, s.period_label) for s in found] == [("Wales", "2019-20")]


@pytest.mark.parametrize("sentence", [
    "((hi))Hindi language: पिछले १८ साल से हम यहाँ हैं।",
    "Он сказал, что 300 человек пришли.",
    "그는 4~5시간 전에 도착했다고 말했다.",
])
def test_sentences_in_another_script_are_not_read(sentence):
    assert extract_statistics(sentence) == []


def test_latin_letters_with_accents_are_english_text():
    assert [s.value for s in extract_statistics("Łódź hired 250 more nurses.")] == [250.0]


@pytest.mark.parametrize("sentence, subject", [
    ("The senator backed raising the federal minimum wage to $15 an hour.", "federal minimum wage"),
    ("The council will cut the speed limit to 20 mph next year.", "speed limit"),
    ("Ministers voted to increase the defence budget to £60 billion.", "defence budget"),
])
def test_what_a_change_sets_to_the_figure_is_its_subject(sentence, subject):
    assert [s.subject for s in extract_statistics(sentence)] == [subject]


def test_a_chart_legend_row_is_not_read():
    assert extract_statistics("██ Green Party - 41 seats\nThe Greens won 41 seats.\n")[0].quote == "The Greens won 41 seats."


@pytest.mark.parametrize("sentence, source", [
    ("Prime minister Ana Costa said 20 people were confirmed dead.", "Ana Costa"),
    ("Deputy Mayor Tom Reed said 300 homes lost power.", "Tom Reed"),
    ("A fire service spokesperson, Lee Wong, told the BBC that 12 people were hurt.", "fire service"),
    ("The lead author of the study Maria Lopez told reporters 40% of samples were positive.", "Maria Lopez"),
    ("Sea Rescue credit themselves with 9,000 lives saved.", "Sea Rescue"),
])
def test_who_stated_it(sentence, source):
    assert {s.source for s in extract_statistics(sentence, None, "Wikinews")} == {source}


def test_a_possessive_with_no_owner_named_is_no_source():
    assert [s.source for s in extract_statistics("According to its polling, 40% of voters agreed.", None, "Wikinews")] == [None]


@pytest.mark.parametrize("title, sentence, unit", [
    ("Wildfires spread in British Columbia", "The province spent $40 million on firefighting.", "CAD"),
    ("Queensland floods", "Insurers expect claims of 300 million dollars.", "AUD"),
    ("Hong Kong protests", "Damage reached $2 billion.", "HKD"),
    ("Wildfires spread in British Columbia", "A US$5 million grant came from Washington.", "USD"),
    ("Floods in Texas", "Repairs will cost $40 million.", "USD"),
])
def test_a_dollar_is_the_currency_of_the_country_reported_on(title, sentence, unit):
    assert [s.unit for s in extract_statistics(sentence, title, "Wikinews")] == [unit]


@pytest.mark.parametrize("sentence, expected", [
    ("The girl weighed 82 pounds (37 kg) when found.", [(82, "lb"), (37, "kg")]),
    ("The cub weighs about 90 pounds already.", [(90, "lb")]),
    ("Tickets cost 40 pounds each.", [(40, "GBP")]),
])
def test_pounds_of_weight_are_not_money(sentence, expected):
    assert [(s.value, s.unit) for s in extract_statistics(sentence)] == [(float(v), u) for v, u in expected]


@pytest.mark.parametrize("sentence, kind, direction", [
    ("There was a 4.2% swing against the governing party.", "change", "down"),
    ("The Greens won on a 3% swing to them.", "change", "up"),
    ("She finished 300 delegates fewer than her rival.", "change", "down"),
    ("The council built 2,000 homes more than it planned.", "change", "up"),
])
def test_swings_and_comparisons_are_changes(sentence, kind, direction):
    assert [(s.kind, s.direction) for s in extract_statistics(sentence)] == [(kind, direction)]


# --- the same shapes in official releases -------------------------------------------------
# Sentences of bulletins and releases whose figures look like news's ages, durations, sizes, names
# and lists: in an official release (news=False) every one of them is a statistic.
OFFICIAL_KEPT = [
    ("In Wales, the equivalent figure was 45.", "45"),
    ("For Northern Ireland, the figure was 114.", "114"),
    ("Last year the total was 87.", "87"),
    ("Rates were lowest in Hartlepool, 98, and highest in Richmond, 412.", "98"),
    ("Merseyside, 21, and the Metropolitan Police, 18, reported increases.", "21"),
    ("Women born in 1976 had an average of 1.92 children.", "1.92"),
    ("Women have 1.49 children on average.", "1.49"),
    ("Criminal cases took 280 days from offence to completion.", "280 days"),
    ("Defendants spent 190 days on remand on average.", "190 days"),
    ("Offenders sentenced to immediate custody received sentences of 18.2 months in 2023.", "18.2 months"),
    ("England recycled a record 12.3 million tonnes last year.", "12.3 million tonnes"),
    ("The average commute is a 14 km journey.", "14 km"),
    ("There was a 10-point drop compared with 2019.", "10"),
    ("There were 9 fatalities: 5 drivers and 4 pedestrians.", "9"),
    ("Recorded offences in West Yorkshire 12,345 were higher than in Thames Valley 9,876.", "12,345"),
    ("The economy lost 12,000 jobs in 2020-21.", "12,000"),
    ("There were 45,000 MSK referrals in the quarter.", "45,000"),
    ("Full-time staff worked 37.5 hrs a week on average.", "37.5"),
    ("The pupil to teacher ratio was 17.8:1 in 2022.", "17.8"),
    ("The Committee called 120 witnesses.", "120"),
    ("Floodwater reached 1.5 m deep in places.", "1.5 m"),
    ("At Key Stage 2, 59% of pupils met the expected standard.", "59%"),
]


@pytest.mark.parametrize("sentence, number", OFFICIAL_KEPT)
def test_official_releases_keep_their_figures(sentence, number):
    assert decisions(sentence, news=False)[number] is None


def test_a_dollar_in_a_release_that_names_another_country_in_passing_is_a_us_dollar():
    text = "Imports of goods from Canada were $45.2 billion in March."
    assert [s.unit for s in extract_statistics(text, "U.S. International Trade in Goods", "U.S. Census Bureau")] == ["USD"]


def test_three_or_more_defines_a_group():
    found = extract_statistics("Families with three or more children make up 14% of households.")
    assert [(s.value, s.unit) for s in found] == [(14.0, "percent")]


def test_a_number_of_four_hundred_digits_is_no_figure_and_no_crash():
    assert [s.value for s in extract_statistics("The total was " + "9" * 400 + " and 12 people left.")] == [12.0]


@pytest.mark.parametrize("sentence, subject", [
    ("The state sends Iowa's 41 delegates to the convention.", "Iowa's delegates"),
    ("Officials counted the UK's 2.3 million small firms.", "UK's small firms"),
])
def test_an_owner_before_the_figure_stays_in_its_subject(sentence, subject):
    assert [s.subject for s in extract_statistics(sentence)][0].startswith(subject)


def test_a_change_then_a_level_is_no_range():
    found = extract_statistics("Unemployment fell 0.5 to 4.2% in March.")
    assert [s.value_high for s in found] == [None, None] and found[-1].value == 4.2


# (sentence, the number as written, the subject): a bare count takes the noun it stands for.
ELIDED = [
    ("The blaze killed three and injured sixteen, including a baby.", "three", "people killed by The blaze"),
    ("The blaze killed three and injured sixteen, including a baby.", "sixteen", "people injured by The blaze"),
    ("The storm killed 12 in Texas and floods in Ohio killed 4.", "4", "people killed by floods in Ohio"),
    ("At least nine people died and 40 were rescued by fishermen.", "40", "people rescued by fishermen"),
    ("A total of 31 are confirmed dead, officials said.", "31", "people confirmed dead"),
    ("Between the two blasts, at least 20 were killed.", "20", "people killed"),
    ("Spain, the country with the second highest number of measles cases, had around 4,000 by June.", "4,000",
     "measles cases"),
    ("Ann Lee won 9 delegates and Tom Ray won 6.", "6", "delegates won by Tom Ray"),
    ("Labour had the most seats, with 60, followed by the Greens, with 14.", "60", "seats"),
    ("The firm said 500,000 customers lost power. Over 80,000 could be affected on Friday.", "80,000",
     "customers affected on Friday"),
]


@pytest.mark.parametrize("sentence, number, subject", ELIDED, ids=[f"{s[:30]}|{n}" for s, n, _ in ELIDED])
def test_a_bare_count_takes_the_noun_it_stands_for(sentence, number, subject):
    found = {s.number_text: s.subject for s in extract_statistics(sentence, None, "Wikinews")}
    assert found[number] == subject


@pytest.mark.parametrize("sentence, number, previous, last", [
    ("It killed 12 people and injured 40 others.", "12", None, "buses"),  # a noun follows: its own
    ("Three other cyclists were hospitalized.", "Three", "people died", None),
    ("Over 370 \"jackal horns\" were seized.", "370", "skulls", None),  # a quoted noun is a noun
    ("The rate was 12 in March.", "12", None, "The UK employment rate"),  # a rate is no plural to borrow
    ("The vote passed along party lines, 230-to-198.", "198", None, "buses"),  # not its clause's subject
])
def test_a_count_borrows_no_noun_it_does_not_stand_for(sentence, number, previous, last):
    from statwh.subjects import elided_head
    start = sentence.index(number)
    assert elided_head(sentence, start, start + len(number), previous, last) is None


def test_a_borrowed_noun_comes_from_its_own_paragraph_only():
    text = "The firm said 500,000 customers lost power.\n\nOver 80,000 could be affected on Friday.\n"
    found = {s.number_text: s.subject for s in extract_statistics(text, None, "Wikinews")}
    assert found["80,000"] == "could affected on Friday"


@pytest.mark.parametrize("sentence, subject", [
    ("The jury, which included seven women and five men, deliberated for a day.", "women in jury"),
    ("The new cabinet includes 12 women, a record.", "women in new cabinet"),
    ("The squad will include 23 players from nine clubs.", "players from nine clubs in squad"),
])
def test_members_of_a_group_name_the_group(sentence, subject):
    assert extract_statistics(sentence, None, "Wikinews")[0].subject == subject


@pytest.mark.parametrize("sentence, subject", [
    ("These figures do not include 1,200 cases recorded in Wales.", "cases recorded in Wales"),
    ("Estimates exclude Scotland but include 300 local authorities.", "local authorities"),
    ("The package will include £5 million for new buses.", "new buses"),  # money is no member
])
def test_what_a_text_leaves_out_or_pays_is_no_group_membership(sentence, subject):
    assert extract_statistics(sentence, None, "Wikinews")[0].subject == subject


@pytest.mark.parametrize("sentence, subject", [
    ("Three climbers, Ana Ruiz, Tom Ode and Li Wei, were rescued from the ridge.", "climbers were rescued from the ridge"),
    ("Two firefighters, Ann Lee and Tom Ray, were injured in the blaze.", "firefighters were injured in the blaze"),
    ("3 directors, Mr Ode, Ms Patel and Dr Lee, resigned in protest.", "directors resigned in protest"),
])
def test_names_in_apposition_are_skipped_to_what_is_said(sentence, subject):
    assert extract_statistics(sentence, None, "Ministry of Labour")[0].subject == subject


@pytest.mark.parametrize("sentence, first", [
    ("About 120 doctors and 300 nurses were hired in March.", "doctors hired"),
    ("Some 40 schools and 12 hospitals were closed by the storm.", "schools closed by the storm"),
])
def test_a_predicate_said_of_two_groups_is_said_of_both(sentence, first):
    assert extract_statistics(sentence, None, "Wikinews")[0].subject.startswith(first)


def test_crew_members_aboard_are_no_shared_predicate():
    found = extract_statistics("There were ten passengers and three crew members aboard the aircraft.", None, "Wikinews")
    assert found[0].subject == "passengers"


@pytest.mark.parametrize("sentence, place", [
    ("On Route 2 in Randolph, New Hampshire, United States, ten motorcycles collided.", "New Hampshire"),
    ("A fire near Santa Cruz Island off California, United States, killed 34 people.", "California"),
    ("Police in Reading, England, said three people were stabbed.", "England"),
    ("Unlike Wales, Scotland saw a rise of 5%.", "Scotland"),  # side by side, not one inside the other
    ("Across Scotland, England and Wales, 1,200 offences were recorded.", "England and Wales"),
])
def test_a_place_written_with_its_containers_is_the_innermost(sentence, place):
    assert extract_statistics(sentence, None, "Wikinews")[0].geography == place


def test_a_list_of_places_keeps_them_all():
    from statwh.attributes import _scene_places
    from statwh.lexicon import load_lexicon

    text = "Exports to France, Germany and Italy rose 4% last year."
    places = [(text.index(n), n) for n in ("France", "Germany", "Italy")]
    assert [n for _, n in _scene_places(text, places, load_lexicon())] == ["France", "Germany", "Italy"]


def test_an_official_release_keeps_its_places_side_by_side():
    found = extract_statistics("In Cardiff, Wales, 1,200 offences were recorded.", None, "Welsh Government")
    assert found[0].geography == "Wales"  # the chain rule is for news reports only


@pytest.mark.parametrize("sentence, place", [
    ("The embassy confirmed two pilgrims from Myanmar also died in the fire in Delhi.", "Delhi"),
    ("Officials said three migrants from Syria were rescued off Lesbos in Greece.", "Greece"),
    ("Five tourists from Japan were hurt in Paris, France.", "Paris"),
])
def test_where_people_come_from_is_no_figures_place(sentence, place):
    assert extract_statistics(sentence, None, "Wikinews")[0].geography == place


@pytest.mark.parametrize("sentence, qualifier", [
    ("One bitcoin is worth approximately US$8000 or €7000.", "approx"),
    ("Winds reached about 75 miles per hour (120 km/h).", "approx"),
    ("The animals were moved more than 500 miles (800 km).", "more_than"),
])
def test_a_figure_restated_in_another_unit_keeps_its_hedge(sentence, qualifier):
    assert {s.qualifier for s in extract_statistics(sentence, None, "Wikinews")} == {qualifier}


def test_alternatives_in_one_unit_are_not_restatements():
    assert [s.qualifier for s in extract_statistics("Some 3 or 4 million people are affected.")] == ["approx", "exact"]


@pytest.mark.parametrize("sentence, label", [
    ("In the previous mayoral election, she won 48% of the vote.", "previous mayoral election"),
    ("At the last general election, the party won 43% of the vote, and since the club's founding in 1901 it has "
     "held the seat.", "last general election"),
    ("Turnout was 67% at the last general election in 2019.", "last general election in 2019"),
])
def test_an_election_is_the_period_of_its_results(sentence, label):
    assert extract_statistics(sentence, None, "Wikinews")[0].period_label == label


def test_a_later_figure_keeps_its_own_period_after_a_clause_break():
    found = extract_statistics("Net migration was 250,000 in 2019, and 300,000, provisionally, in 2020.")
    assert [s.period_label for s in found] == ["2019", "2020"]


def test_two_mentions_of_one_value_in_a_sentence_are_two_figures():
    found = extract_statistics("She won 39 of the state's 54 delegates, giving her a total of 54 delegates.", None,
                               "Wikinews")
    assert [s.value for s in found].count(54.0) == 2


def test_the_same_count_by_different_agents_is_two_figures():
    text = "Ann Lee earned 6 delegates.\n\nLater, Tom Ray earned 6 delegates too.\n"
    assert [s.value for s in extract_statistics(text, None, "Wikinews")] == [6.0, 6.0]


def test_one_agent_named_two_ways_is_one_figure():
    text = "Council spent £5 million on roads.\n\nThe £5 million spent by the council on roads was a record.\n"
    assert [s.value for s in extract_statistics(text, None, "Wikinews")] == [5_000_000.0]


def test_a_long_list_of_coordinated_figures_reads_in_linear_time():
    import time

    text = "The groups include " + " ".join(f"{i} a and" for i in range(1, 25)) + " also include 5 dogs. "
    started = time.perf_counter()
    extract_statistics(text * 60)  # about 15,000 characters; an exponential pattern took minutes
    assert time.perf_counter() - started < 20  # a hang guard, not a speed target (bench/extract_speed.py)
