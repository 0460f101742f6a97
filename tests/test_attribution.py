"""Who a figure is attributed to, through the whole extractor: sources in no list, found by an
introducer or as the subject of a speech verb, and a news outlet never standing as the source of
what it reports. The sentences are made up, in the shapes seen across news articles."""
from __future__ import annotations

import pytest

from statwh.extract import extract_statistics

# (sentence, publisher, the source of its figure)
CASES = [
    # introducers, with a source in no list
    ("At least 19 people were hurt, according to officials.", "Wikinews", "officials"),
    ("According to the Queensland Fire Service, 40 homes burned.", "Wikinews", "Queensland Fire Service"),
    ("Some 14 crew were missing, according to the health ministry.", "The Daily Record", "health ministry"),
    ("According to AT&T's filing, 2 million lines were cut.", "Wikinews", "AT&T"),
    ("Per numbers reported by the Ukrainian Red Cross, 4,000 families were moved.", "Wikinews", "Ukrainian Red Cross"),
    # the subject of a speech verb
    ("Bloomberg estimated about 3,000 jobs would go.", "Wikinews", "Bloomberg"),
    ("Local officials said 300 homes were damaged.", "Wikinews", "Local officials"),
    ("Prof Ana Ruiz, who led the survey, said 12% of households had no savings.", "Wikinews", "Prof Ana Ruiz"),
    ("Asian Development Bank president Ken Sato said the region needs $9 billion.", "Wikinews", "Asian Development Bank"),
    ("Stanford University data showed 5,000 cases.", "Wikinews", "Stanford University"),
    ("On Friday, authorities in France and Spain announced that 41 suspects were held.", "Wikinews",
     "authorities in France and Spain"),
    # listed organisations still win, by their listed names
    ("According to the NCA, 80,000 people pose a threat.", "Wikinews", "National Crime Agency"),
    # nobody named: an outlet is not the source; an organisation's own release is
    ("Some 1,200 people attended the rally.", "Wikinews", None),
    ("Some 1,200 people attended the rally.", "BBC", None),
    ("He said 5,000 people came.", "The Springfield Herald", None),
    ("Officers seized 25 tonnes of drugs.", "National Crime Agency", "National Crime Agency"),
    ("The R0 estimated at 2.5 means 40% of contacts are infected.", "Wikinews", None),
]


@pytest.mark.parametrize("sentence, publisher, source", CASES)
def test_the_source_of_a_figure(sentence, publisher, source):
    statistics = extract_statistics(sentence, publisher=publisher)
    assert statistics, sentence
    assert {s.source for s in statistics} == {source}
