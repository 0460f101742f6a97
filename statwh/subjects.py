"""What a figure measures: a short phrase built from the clause the number stands in.

Four shapes of English cover most statistical sentences:

- "The UK employment rate was estimated at 75.6%"     -> the phrase before the linking verb;
- "police recorded around 23 online sexual offences"  -> the noun after it, the verb, and its agent
  ("online sexual offences recorded by police");
- "7,172 children were looked after"                  -> the noun and verb after it;
- "0.2 percentage points higher than the previous quarter" -> the sentence's measure, compared with
  what the text compares it to.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from statwh.lexicon import Lexicon, load_lexicon
from statwh.periods import PeriodMention
from statwh.regex import alternation, cut, key_words, lower_in_place, lowered, remove, rx, word_set

# Every word pattern here is lower case and runs on lower-cased text (statwh.regex.lowered):
# several times faster than re.IGNORECASE.
_BREAK_CHARACTER = re.compile(r"[;:()\[\],–—-]")  # see _clause_breaks
_ACCORDING_TO = re.compile(r"according to\b")
_AUXILIARIES = re.compile(
    "(?:" + alternation("was were is are be been being has have had will would also already now".split(), word_start=True)
    + r")\s+")
_LINKING = (
    r"was|were|is|are|stood|stands|remained|remains|reached|reaches|totalled|totaled|totals|amounted|hit|"
    r"rose|fell|increased|decreased|grew|dropped|declined|climbed|jumped|surged|topped|tops|exceeded|was\s+up|was\s+down|"
    r"worth|valued\s+at|costing|peaks?|peaked|averaged?|averages"  # "cocaine worth £2 million", "debt peaks at"
)
_RATE_KEYS = frozenset("day week month year hour daily weekly monthly annually yearly".split())
_RATE_WORDS = re.compile(r"\b(?:(?:a|an|per|each|every)\s+(?:day|week|month|year|hour)|daily|weekly|monthly|annually|yearly)\b")
# Verbs of doing that do not end in -ed ("police seized", "the government spent").
_IRREGULAR_ACTIONS = ("made", "spent", "paid", "seized", "won", "lost", "took", "gave", "found", "sold", "bought", "cut",
                      "set", "raised", "held", "sent", "saw", "received")
_AUXILIARY_KEYS = frozenset("was were is are be been being has have had will would also already now".split())
_EXISTENTIAL = re.compile(r"\bthere\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\b")
_RESTATEMENT = re.compile(r"\(\s*$")
_RESTATED = re.compile(r"\s*,?\s+or\s+")  # "up £99 or 5.1%"
# A clause that only leads to the figure it compares with: "compared with 4.2%", "which follows on from £13m".
_COMPARISON_LEAD = re.compile(
    r"(?:(?:which|that|this|it)\s+\w+(?:\s+on)?\s+)?(?:compared\s+(?:with|to)|against|versus|vs\.?|(?:up|down)\s+from|from|or|to)"
)
# A figure that continues the one before it in the same terms: "221.4 in rural counties and 165.1 in urban counties".
_CONTINUATION = re.compile(r"(?:and|or|but|while|whereas)?")
_PLACE_PHRASE = re.compile(r"(?:in|among|for|at|across)\b")
_CONTINUES_AFTER_FIGURE = re.compile(
    r"\s*(?:(?:in|among|for|at|across)\s[^,;()]{1,60}?)?,?\s*(?:and|or|but|while|whereas)\s+", re.IGNORECASE
)
# A clause that ends by leading to the base or the result of a change stated before it:
# "a 15% decrease from 696", "rose by 5% to 48,716 offences".
_BASE_LEAD = re.compile(r"(?:\d%?|per\s*cent|points?)\s+(?:\w+\s+){0,3}?(?:from|to)$|"
                        r"^(?:before|after|then|and)?\s*(?:rising|falling|increasing|decreasing|dropping|climbing|growing|"
                        r"rose|fell|rises|falls)\s+to$|\b(?:decrease|increase|rise|fall|drop|change)\s+from$")
_WINDOW = 300  # characters of a clause read on either side of a figure
# What a change sets to the figure: "raising the federal minimum wage to $15", "cut the speed limit to 20 mph".
_TARGET_OF_CHANGE = re.compile(
    r"\b(?:rais|increas|lower|reduc|boost|extend|set|cut|hik|lift|doubl)(?:e|es|ed|ing|s)?\s+"
    r"(?:the\s+|its\s+|their\s+|his\s+|her\s+|a\s+)?(?P<x>[a-z][\w'’ -]{2,60}?)\s+to$")
_DANGLING = frozenset("in on at of for during the a an by to and or over from with since until than as "
                      "was were is are be been has have had could would will".split())  # "murders were": the verb goes
_BULLET = re.compile(r"\s*(?:[•·*▪◦‣-]|\d{1,2}[.)])\s+")


def _without_bullet(phrase: str) -> str:
    """A phrase without the bullet or list number it opens with.

    >>> _without_bullet("• 12% of adults"), _without_bullet("2. The rate"), _without_bullet("25 people")
    ('12% of adults', 'The rate', '25 people')
    """
    bullet = _BULLET.match(phrase)
    return phrase[bullet.end() :] if bullet else phrase
_FUNCTION_WORDS = frozenset(
    "the and was were are its their this that from with into than over under around about some "
    "nearly almost more less fewer least most just only has have had been also".split()
)


# Finite verbs that can follow a count standing as its clause's subject ("14 have recovered"), and the
# words that open a phrase with no noun in it (conjunctions, prepositions, adverbs): one list each,
# for the patterns below.
_FINITE_VERBS = "was were is are has have had will would could can may might should must".split()
_NO_NOUN_WORDS = ("and or but while whereas as at by on in from since during after before until when with each "
                  "apiece respectively now so yesterday today").split()
# What follows a number that stands for a noun said elsewhere: nothing, a verb, a conjunction or a
# preposition ("35 were rescued", "had around 27,000 as of yesterday", "killed twelve and injured sixteen").
_STANDS_ALONE = re.compile(r"\s*(?:$|[,.;:)!?”]|(?:" + "|".join(_FINITE_VERBS + ["be", "been"] + _NO_NOUN_WORDS)
                           + r")\b|more\s*(?:$|[,.;:)]|and\b))")
# A verb after the figure: the count is its clause's subject ("14 have recovered", "over 80,000 could be
# affected"), the one kind of bare count whose noun may come from the sentence before.
_VERB_AFTER = re.compile(r"\s*(?:" + "|".join(_FINITE_VERBS) + r")\b")
# A phrase that opens with no noun: the elided noun goes first ("rescued" -> "people rescued"); one that opens
# with a conjunction, a preposition or an adverb says nothing of it and goes ("as of yesterday", "and injured").
_NO_NOUN_OPENING = re.compile(r"\s*(?:[,;:)]|(?:" + "|".join(_NO_NOUN_WORDS + ["more"]) + r")\b)")
# Where a subject's noun phrase ends: a verb, a clause or a preposition other than "of"
# ("people died" -> "people", "offences recorded by police" -> "offences").
_HEAD_END = frozenset(_FINITE_VERBS + ["be", "been"] + "by in on at from that who which with since during for to and "
                      "or as than compared while not yet also still rose fell grew went came became reached hit".split())
# A group whose members the figure counts: "The new members of the House, which include 235 Democrats",
# "Super Tuesday is to include 14 states", "the dead included two children" (run on the lower-cased text
# before the figure, its hedge removed).
_INCLUSION = re.compile(
    r"(?:^|[,;:(]\s*)(?:(?:for|in|on|at)\s+[^,;:()]{2,40},\s*)?(?P<x>[^,;:()]{3,80}?)\s*(?:,?\s*(?:which|who|that))?"
    r"\s+(?:(?:is|are|was|were|will)\s+(?:set\s+|expected\s+|due\s+)?(?:to\s+)?)?includ(?:e|es|ed)\s+$")
# Names in apposition after a figure's noun, then what is said of it: ", Collin Peterson and Jeff Van Drew, opposed ..."
_NAMES_THEN_PREDICATE = re.compile(
    r",\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:(?:,\s*|,?\s+and\s+)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*,\s+"
    r"(?P<verb>[a-z]+)\b(?P<rest>[^,;:()]{0,80})")
# One coordinated figure and its noun at the end of a text: "... include 235 democrats and ". Taken off one
# at a time (a repeated group anchored at the end backtracks exponentially on a long list).
_COORDINATED_LAST = re.compile(r"\d[\d,.]*\s+[a-z][\w'-]*(?:\s+(?!and\b)[a-z][\w'-]*)?(?:\s*,\s*|\s+)(?:and\s+)?$")
_JOINER = re.compile(r"\b(?:and|but|while|whereas)\b|;")
_NOT_A_GROUP = re.compile(r"\b(?:but|exclud\w*|these|those|this|it|they|figures|estimates|data)\b")
_NEGATED_INCLUSION = re.compile(r"(?:\bnot|n['’]t|\bnever)\s+(?:\w+\s+)?$")
_AFTER_PREPOSITION = re.compile(r"\b(?:with|of|to|at(?!\s+(?:least|most)\b)|from)\s+(?:\w+\s+){0,2}$")  # "with 60"
_MODALS = re.compile(r"(?:could|can|may|might|should|must)\s+(?:be\s+|have\s+(?:been\s+)?)?")


@dataclass(frozen=True)
class _SubjectPatterns:
    reporting_lead: re.Pattern
    reporting_that: re.Pattern
    measure_head: re.Pattern
    subject_stop: re.Pattern
    linking_tail: re.Pattern
    action_tail: re.Pattern
    comparison: re.Pattern
    trailing_hedge: re.Pattern
    people_verb_before: re.Pattern  # "killed twelve", "injured at least 16"
    number_of: re.Pattern  # "the next highest number of COVID-19-related deaths"
    empty_words: frozenset[str]  # words that carry no meaning in a subject: "up", "from", "roughly"
    # Words a sentence must have for a pattern to match (one from each phrase of its list):
    # where it has none, the pattern is not run.
    reporting_keys: frozenset[str]
    measure_keys: frozenset[str]
    stop_keys: frozenset[str]
    linking_keys: frozenset[str]
    hedge_keys: frozenset[str]
    hedge_tails: frozenset[str]  # the last word of each hedge ("more than" -> "than")


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> _SubjectPatterns:
    cues = lexicon.cues

    hedges = alternation(lexicon.qualifiers)
    return _SubjectPatterns(
        # A reporting verb, not the noun: "estimates show", not "the estimate of".
        reporting_lead=re.compile(r"^.*\b(?:" + alternation(cues["reporting_verbs"]) + r")\s+(?!of\b)(?:that\s+)?"),
        reporting_that=re.compile(r"^.*\b(?:" + alternation(cues["reporting_verbs"]) + r")\s+that\s+"),
        measure_head=re.compile(r"^\s*(?:" + alternation(cues["measure_heads"]) + r")\s+"),
        subject_stop=re.compile(r"(?:" + alternation(cues["subject_stops"], word_start=True) + r")\b"),
        linking_tail=re.compile(
            r"^(?P<x>.+?)\s+(?:(?:now|currently|still|also)\s+)?(?:(?:has|have|had)\s+(?:been\s+)?)?(?:" + _LINKING + r")\b"
            r"(?:\s+(?:estimated|measured|recorded|put|forecast|expected|projected|now|only|just))*"
            r"(?:\s+to\s+(?:have\s+)?(?:be\s+|been\s+)?[a-z]+)?"  # "is forecast to reach", "is estimated to have grown"
            r"(?:\s+(?:at|to|by|of|from))?(?:\s+(?:" + hedges + r"))?\s*$"
        ),
        action_tail=re.compile(
            r"^(?P<agent>.*?)\s*(?:\b(?:has|have|had|will|would|also|already|now|just|since)\s+)*"
            r"\b(?P<verb>[a-z]+ed|" + "|".join(_IRREGULAR_ACTIONS) + r")(?:\s+(?:" + hedges + r"))?\s*$"
        ),
        comparison=re.compile(
            r"^\s*(?:higher|lower|more|less|fewer|above|below|up|down|bigger|smaller|longer|shorter|greater)\b"
            r"\s*(?:than|on|from|compared\s+(?:with|to))?\s*(?P<object>.*)$"
        ),
        trailing_hedge=re.compile(r"(?:\b(?:" + hedges + r"|only|just|some)\s*)+$"),
        people_verb_before=re.compile(r"\b(?P<verb>" + alternation(cues["people_verbs"]) + r")\s+(?:(?:"
                                      + hedges + r"|another|a further)\s+)?$"),
        number_of=re.compile(r"\b(?:number|total|tally|toll)\s+of\s+(?P<x>[\w'’-]+(?:\s+[\w'’-]+){0,5})"),
        empty_words=frozenset(_FUNCTION_WORDS | set(lexicon.change_words) | set(lexicon.qualifiers)),
        reporting_keys=key_words(cues["reporting_verbs"]),
        measure_keys=key_words(cues["measure_heads"]),
        stop_keys=key_words(cues["subject_stops"]),
        linking_keys=key_words(_LINKING.replace(r"\s+", " ").split("|")),
        hedge_keys=key_words([*lexicon.qualifiers, "only", "just", "some"]),
        hedge_tails=frozenset(q.split()[-1] for q in lexicon.qualifiers),
    )



def read_subject(
    text: str,
    start: int,
    end: int,
    periods: list[PeriodMention],
    next_start: int,
    previous_subject: str | None = None,
    lexicon: Lexicon | None = None,
    previous_end: int | None = None,
    elided: str | None = None,
) -> str | None:
    """What the number at ``text[start:end]`` measures, in a few words.

    >>> def subject(s, number, previous=None):
    ...     return read_subject(s, s.index(number), s.index(number) + len(number), [], len(s), previous)
    >>> subject("Police in England and Wales recorded around 23 online child sexual offences every day.", "23")
    'online child sexual offences recorded by Police in England and Wales'
    >>> subject("The UK employment rate was estimated at 75.6%, largely unchanged.", "75.6%")
    'The UK employment rate'
    >>> subject("7,172 children were looked after on 31 March 2020.", "7,172")
    'children looked after on 31 March 2020'
    >>> subject("The rate was 3.7%, 0.2 percentage points higher than the previous quarter.", "0.2 percentage points", "The rate")
    'The rate compared with the previous quarter'
    >>> subject("an increase of 338 (5%) on the year", "5%", "children looked after")
    'children looked after'
    """
    lexicon = lexicon or load_lexicon()
    p = _patterns(lexicon)
    present = word_set(text)  # patterns whose words the sentence lacks are not run
    offset = end + 1 if text.startswith(")", end) else end  # "(84%) children ..." reads on after the parenthesis
    bracket = rx(r"\s*\([^()]{0,20}\)").match(text, offset)  # "4,989 (70%) children"
    if bracket:
        offset = bracket.end()
    if previous_subject and (_RESTATEMENT.search(text, max(0, start - 30), start)
                             or previous_end is not None and _RESTATED.fullmatch(text, previous_end, start)):
        return previous_subject  # "an increase of 338 (5%)", "up £99 or 5.1%": the same measure, restated
    breaks = _clause_breaks(text)
    # A subject is a few words: a long clause is read no further than _WINDOW characters either side.
    following_break = bisect.bisect_left(breaks, (offset, offset))
    clause_end = breaks[following_break][0] if following_break < len(breaks) else len(text)
    first_clause = text[offset : min(clause_end, offset + _WINDOW)]
    comparison = p.comparison.match(lower_in_place(first_clause)) if previous_subject else None
    if comparison:
        target = _trim(first_clause[comparison.start("object") :], p, 10, present)
        return f"{previous_subject} compared with {target}" if target else previous_subject

    following_period = bisect.bisect_left(periods, offset, key=lambda m: m.start)  # periods are in order
    period_start = periods[following_period].start if following_period < len(periods) else len(text)
    limit = min(len(text), next_start if next_start >= offset else len(text), period_start) - offset
    if offset + limit == next_start:  # the next figure ends this one's phrase: not at its own clause's subject
        joined = None
        for joined in _JOINER.finditer(text, offset, next_start):
            pass
        if joined:
            own = p.action_tail.match(lower_in_place(text[joined.end() : next_start].strip()))
            if own and _content(text[joined.end() : next_start].strip()[: own.end("agent")], p):
                limit = joined.start() - offset  # "Warren won 9 delegates and Buttigieg won 6": "delegates"
    after = _noun_phrase_after(first_clause[:limit], p, present)
    if elided:  # a bare count: the noun it stands for (elided_head), then what the clause says of it
        after = _MODALS.sub("", after, count=1) if _MODALS.match(after.lower()) else after
        opening = first_clause[:limit]
        after = elided if not after or _NO_NOUN_OPENING.match(lower_in_place(opening)) else f"{elided} {after}"
    elif clause_end < len(text) and text[clause_end] == "," and after and len(after.split()) <= 4 \
            and limit >= len(first_clause):
        named = _NAMES_THEN_PREDICATE.match(text, clause_end)
        verb = named.group("verb").lower() if named else ""
        if named and (verb.endswith("ed") or verb in _AUXILIARY_KEYS):
            # "Two Democratic Representatives, Collin Peterson and Jeff Van Drew, opposed both articles"
            after = _trim(f"{after} {named.group('verb')}{named.group('rest')}", p, 12, present)
    clause_start = 0
    for k in range(bisect.bisect_right(breaks, (start, start)) - 1, -1, -1):  # the last break before the figure
        if breaks[k][1] <= start and text[breaks[k][0]] != "(":
            clause_start = breaks[k][1]
            break
    if start - clause_start > _WINDOW:  # cut a very long clause at a word
        clause_start = text.find(" ", start - _WINDOW, start) + 1 or start - _WINDOW
    before = _without_bullet(text[clause_start:start])
    if before.rstrip().endswith(("£", "$", "€", "US")):
        before = rx(r"[£$€]\s*$|\bUS\s*$").sub("", before)
    before = before.strip()
    changed = _TARGET_OF_CHANGE.search(before.lower()) if "to" in present else None
    if changed and _content(before[changed.start("x") : changed.end("x")], p):
        return _trim(before[changed.start("x") : changed.end("x")], p, 8, present)  # "raising the minimum wage to $15"
    if previous_subject and not first_clause[:limit].lstrip().lower().startswith("of ") and (  # "to 74% of parents of ...": its own
            _COMPARISON_LEAD.fullmatch(before.lower()) or _BASE_LEAD.search(before.lower())):
        return previous_subject  # "3.9%, compared with 4.2% across the UK", "a 15% decrease from 696": the same measure
    # "221.4 in rural counties and 165.1 in urban counties": the same measure, somewhere else.
    place_phrase = "" if not previous_subject else after if _PLACE_PHRASE.match(after.lower()) \
        else _trim(first_clause[:limit], p, 8, present)
    if previous_subject and _PLACE_PHRASE.match(place_phrase.lower()) and (
        _CONTINUATION.fullmatch(before.lower())
        or previous_end is not None and _CONTINUES_AFTER_FIGURE.fullmatch(text, previous_end, start)
    ):
        base = previous_subject.split(" in ")[0] if " in " in previous_subject else previous_subject
        return f"{base} {place_phrase}"
    if "include" in lowered(text[max(0, start - 80) : start]) and after and _content(after, p) \
            and not any(c in "£$€%" for c in text[start:end]):  # members counted, not money or shares
        whole = text[max(0, start - _WINDOW) : start].lower()
        whole = remove(p.trailing_hedge, whole) if not p.hedge_keys.isdisjoint(present) else whole
        for _ in range(10):  # "which include 235 Democrats and 199 Republicans": the first figure's group
            coordinated = _COORDINATED_LAST.search(whole)
            if not coordinated:
                break
            whole = whole[: coordinated.start()]
        members = _INCLUSION.search(whole)
        if members and (_NEGATED_INCLUSION.search(whole, 0, whole.rfind("includ"))
                        or _NOT_A_GROUP.search(members.group("x"))):
            members = None  # "these figures do not include 1,200 cases", "exclude X but include 300"
        if members:
            offset = start - min(start, _WINDOW)
            group = _trim(text[offset + members.start("x") : offset + members.end("x")], p, 8, present)
            group = rx(r"^(?:the|a|an|its|their)\s+", re.IGNORECASE).sub("", group)
            if _content(group, p):
                return f"{after} in {group}"  # "The new members of the House, which include 235 Democrats"
    reporting = not p.reporting_keys.isdisjoint(present)
    if reporting:
        before = remove(p.reporting_that, before)  # "Data from NCHS indicate that ..."
    if "there" in present and _EXISTENTIAL.search(before.lower()) and _content(after, p):
        return after  # "there were an estimated 100,306 deaths"

    measure = not p.measure_keys.isdisjoint(present)
    linking = p.linking_tail.match(lower_in_place(before)) if not p.linking_keys.isdisjoint(present) else None
    if linking and _content(before[linking.start("x") : linking.end("x")], p):
        head = before[linking.start("x") : linking.end("x")]
        if reporting:  # "Research by X found typical incomes fell 3%": what was found
            head = remove(p.reporting_lead, head) or head
        head = _trim(remove(p.measure_head, head) if measure else head, p, 12, present)
        tail = after if rx(r"(?:of|among|for|in)\b").match(after or "") else ""
        return f"{head} {tail}".strip()
    if reporting:
        before = remove(p.reporting_lead, before)
    if measure:
        before = remove(p.measure_head, before)
    before = before.strip()
    # The verb (and a hedge after it) ends the text before the number: look at its last word first.
    last = before.rsplit(None, 1)[-1].lower() if before else ""
    acts = last.endswith("ed") or last in _IRREGULAR_ACTIONS or last in p.hedge_tails
    action = p.action_tail.match(lower_in_place(before)) if acts else None
    if action and after:
        agent = _trim(before[action.start("agent") : action.end("agent")], p, 8, present)
        verb = before[action.start("verb") : action.end("verb")]
        joined = None
        if previous_end is not None and clause_start <= previous_end <= start:
            for joined in _JOINER.finditer(text, previous_end, start):
                pass  # the last "and" between the two figures
        if joined:  # a second action joined to the first figure's: its own agent, else the first's
            own = p.action_tail.match(lower_in_place(text[joined.end() : start].strip()))
            own_agent = _trim(text[joined.end() : start].strip()[: own.end("agent")], p, 8, present) if own else ""
            if _content(own_agent, p):
                agent = own_agent  # "Warren won 9 delegates and Buttigieg won 6"
            else:  # "The blaze killed three and injured sixteen"
                agent = (previous_subject or "").rpartition(" by ")[2] if " by " in (previous_subject or "") else ""
        if _content(agent, p):
            return f"{after} {verb} by {agent}"
        if verb.lower() not in lexicon.qualifiers:  # "an estimated 106,699 deaths": a hedge, not an action
            return f"{after} {verb}"
    if after and _content(after, p):
        return after
    if not p.hedge_keys.isdisjoint(present):
        before = remove(p.trailing_hedge, before)
    before = before.strip(" ,")
    if _content(before, p):
        return _trim(before, p, 12, present) or previous_subject  # "compared with 27%": the same measure
    return previous_subject


def elided_head(
    text: str,
    start: int,
    end: int,
    previous_subject: str | None,
    last_subject: str | None,
    lexicon: Lexicon | None = None,
) -> str | None:
    """The noun a bare count at ``text[start:end]`` stands for, when no noun follows it: the people
    a casualty verb counts, what "the number of" named, else the noun of the figure before it (in
    its sentence, then in the one before), if that is a plural noun. None when a noun follows.

    >>> def head(s, number, previous=None, last=None):
    ...     return elided_head(s, s.index(number), s.index(number) + len(number), previous, last)
    >>> head("The blaze killed three, including a baby, and injured sixteen.", "three")
    'people'
    >>> head("Italy, with the next highest number of COVID-19-related deaths, had 27,000 as of yesterday.", "27,000")
    'COVID-19-related deaths'
    >>> head("At least seventeen people died and 35 were rescued.", "35", "people died")
    'people'
    >>> head("Over half a million could be affected.", "half a million", None, "customers in the Bay Area")
    'customers'
    >>> head("A total of 39 are confirmed dead.", "39")
    'people'
    >>> head("The rate was 12 in 2020.", "12", None, "The UK employment rate") is None  # not a plural noun
    True
    >>> head("It killed 12 people.", "12") is None  # a noun follows
    True
    """
    lexicon = lexicon or load_lexicon()
    p = _patterns(lexicon)
    following = text[end : end + 40]
    if not _STANDS_ALONE.match(lower_in_place(following)):
        return None
    before = lowered(text[max(0, start - 60) : start])
    if p.people_verb_before.search(before):
        return "people"  # "killed twelve"
    named = None
    for named in p.number_of.finditer(lowered(text[max(0, start - _WINDOW) : start])):
        pass  # the last "number of X" before the figure
    if named:
        offset = max(0, start - _WINDOW)
        head = _head(text[offset + named.start("x") : offset + named.end("x")], lexicon)
        if head:
            return head
    if previous_subject:
        head = _head(previous_subject, lexicon)
        if head and _counted(head, lexicon):
            return head
    rest = [w.strip(",.;:!?") for w in _AUXILIARIES.sub("", lowered(following).lstrip(), count=1).split()]
    if rest and (rest[0] in lexicon.cues["people_verbs"] or rest[0] in ("confirmed", "reported", "feared")
                 and len(rest) > 1 and rest[1] in lexicon.cues["people_verbs"]):
        return "people"  # a casualty predicate after the figure: "35 were rescued"
    if _AFTER_PREPOSITION.search(before):  # "had the most delegates, with 60": the plural noun before it
        words = text[max(0, start - 80) : start].split()
        for i in range(len(words) - 1, 0, -1):
            word = words[i].strip(",.;:()\"“”")
            previous = words[i - 1]
            if word in lexicon.cues["counted_nouns"] and word.endswith("s") \
                    and not previous[:1].isupper() and not previous.endswith(","):  # not "United States", "X, states"
                return word
    # The sentence before, only for a count that is its clause's subject: "Over 80,000 could be affected".
    head = _head(last_subject, lexicon) if last_subject and _VERB_AFTER.match(lowered(following)) else None
    return head if head and _counted(head, lexicon) else None


def _counted(head: str, lexicon: Lexicon) -> bool:
    """Whether a noun phrase can be what a count counts: a plural, or a listed counted noun ("crew")."""
    last = head.split()[-1].lower()
    return last.endswith("s") or last in lexicon.cues["counted_nouns"]


def _head(phrase: str, lexicon: Lexicon) -> str | None:
    """The noun phrase a subject opens with, up to its first verb, clause or preposition other than "of".

    >>> from statwh.lexicon import load_lexicon
    >>> _head("online child sexual offences recorded by police", load_lexicon())
    'online child sexual offences'
    >>> _head("COVID-19-related deaths, had", load_lexicon())
    'COVID-19-related deaths'
    >>> _head("members of the House voting", load_lexicon())
    'members of the House'
    """
    words = []
    for i, word in enumerate(phrase.split()):
        bare = word.lower().strip(",.;:()\"'“”")
        if i and (bare in _HEAD_END or bare.endswith(("ed", "ing")) or bare in lexicon.cues["people_verbs"]
                  or bare in _IRREGULAR_ACTIONS):
            break
        if not bare or bare in _HEAD_END:
            break
        words.append(word.strip(",.;:()\"“”"))
        if word.endswith((",", ";", ":", ")")) or len(words) == 5:
            break
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    phrase = " ".join(words)
    return phrase if words and any(len(w) > 2 and w.lower() not in _FUNCTION_WORDS for w in words) else None


@lru_cache(maxsize=32)
def _clause_breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where a sentence's clauses break (a dash between spaces, a bracket, a comma before a space,
    "according to"), found once for all of its figures.

    The spans of ``\\s[–—-]\\s|[;:()\\[\\]]|,\\s|\\baccording to\\b``, found with two patterns the
    regex engine can scan ahead for (a class of rare characters, a literal phrase) instead of one
    it has to try at every position.

    >>> _clause_breaks("Up 5% (a rise) - most, according to the ONS")
    ((6, 7), (13, 14), (14, 17), (21, 23), (23, 35))
    """
    breaks = []
    for m in _BREAK_CHARACTER.finditer(sentence):
        i = m.start()
        char = sentence[i]
        if char in ";:()[]":
            breaks.append((i, i + 1))
        elif char == ",":
            if sentence[i + 1 : i + 2].isspace():
                breaks.append((i, i + 2))
        elif 0 < i and sentence[i - 1].isspace() and sentence[i + 1 : i + 2].isspace() \
                and not (breaks and breaks[-1][1] > i - 1):  # " - - ": the second dash's space is taken
            breaks.append((i - 1, i + 2))  # a dash between spaces
    if "ccording" in sentence or "CCORDING" in sentence:
        lower = lowered(sentence)
        for m in _ACCORDING_TO.finditer(lower):
            i = m.start()
            if not (i and (lower[i - 1].isalnum() or lower[i - 1] == "_")):
                breaks.append(m.span())
        breaks.sort()
    return tuple(breaks)


def _noun_phrase_after(after: str, p: _SubjectPatterns, present: frozenset[str]) -> str:
    """The words after a number up to the end of its clause, without rate words or auxiliaries."""
    lower = lower_in_place(after)  # lower-cased once, then cut along with the text
    if not _RATE_KEYS.isdisjoint(present):
        after, lower = cut(_RATE_WORDS, after, lower)
    if "per" in present:
        after, lower = cut(_PER_POPULATION, after, lower)
    if lower.lstrip()[:3] in ("of ", "in ", "on ", "for", "of\t", "in\t", "on\t"):
        after, lower = cut(_LEADING_PREPOSITION, after, lower)
    if not _AUXILIARY_KEYS.isdisjoint(present):
        after, lower = cut(_AUXILIARIES, after, lower)
    return _trim(after, p, 12, present, lower)


_PER_POPULATION = re.compile(r"^\s*per\s+[\d,]+\s*(?:population)?")
_LEADING_PREPOSITION = re.compile(r"^\s*(?:of|in|on|for)\s+(?:the\s+)?")


def _trim(phrase: str, p: _SubjectPatterns, words: int, present: frozenset[str], lower: str | None = None) -> str:
    """A phrase cut at the first subject stop word, to at most ``words`` words, without edge punctuation.
    ``lower``: the phrase lower-cased in place, when the caller has it."""
    stop = None
    if not p.stop_keys.isdisjoint(present):
        lower = lower if lower is not None else lower_in_place(phrase)
        stop = p.subject_stop.search(lower)
        if stop and not phrase[: stop.start()].strip():  # "while regular pay growth": a leading conjunction goes
            phrase, lower = phrase[stop.end() :], lower[stop.end() :]
            stop = p.subject_stop.search(lower)
    if stop:
        phrase = phrase[: stop.start()]
    kept = _without_bullet(phrase).split()[:words]
    while kept and kept[-1].lower().strip(",.;:") in _DANGLING:  # "burglaries in" (a period was cut off)
        kept.pop()
    return " ".join(kept).strip(" ,.;:–—-\"'“”‘’")


def _content(phrase: str | None, p: _SubjectPatterns) -> bool:
    """Whether a phrase has a word that carries meaning: "up from" and "roughly" have none."""
    return any(
        len(w) > 2 and w not in p.empty_words
        for w in (w.strip(",.;:") for w in (phrase or "").lower().split())
    )
