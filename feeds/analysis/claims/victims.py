"""Who the counted people were, in the claimant's words (codebook §3).

``read_victims`` reads the noun phrase that follows a count ("18 people", "11 "terrorists"",
"dozens of civilians", "onze soldats") and returns the victim class with the words as written.
Words are matched on folded text (lower case, no accents), so the vocabularies below are
written folded. "People" become civilians only when the sentence presents them as
non-combatants (``has_civilian_context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feeds.model import VictimKind
from feeds.model.folding import fold

SUBGROUP_WORDS = (
    r"women|woman|children|child|girls?|boys?|babies|baby|infants?|elderly|old men|teenagers?"
    r"|minors?|pregnant women|femmes?|enfants?|filles?|garcons?|bebes?|nourrissons?|vieillards?"
    r"|personnes agees|mineurs?|adolescents?|imams?|chiefs?|chefs? de village|notables?"
)
CIVILIAN_WORDS = (
    r"civilians?|villagers?|passengers?|traders?|merchants?|shopkeepers?|wedding guests?|guests?"
    r"|gold miners?|miners?|herders?|herdsmen|shepherds?|farmers?|fishermen|worshippers?"
    r"|students?|pupils?|teachers?|displaced people|displaced persons|refugees?|residents?"
    r"|inhabitants?|detainees?|prisoners?|drivers?|travell?ers?|pilgrims?|non-?combatants?"
    r"|civils?|civiles?|villageois|passagers?|commercants?|marchands?|forains?|invites?"
    r"|orpailleurs?|bergers?|eleveurs?|cultivateurs?|agriculteurs?|pecheurs?|fideles?|eleves?"
    r"|enseignants?|deplaces?|refugies?|habitants?|detenus?|prisonniers?|chauffeurs?"
    r"|voyageurs?|pelerins?|personnes civiles|aid workers?|humanitarian workers?|humanitarians"
    r"|travailleurs humanitaires|humanitaires|journalists?|journalistes?|employees|employes"
    r"|ouvriers?|workers?|ressortissants?|nationals|foreigners|etrangers|expatriates|tourists?"
    r"|touristes?|vendeurs?|vendeuses?|vendors?|sellers?|clients?|customers?|contractors?"
    r"|sous-traitants?|employes? civils?"
    # private guards are civilians (corpus conventions); national guards stay soldiers
    r"|(?:private |security )guards?|vigiles?|gardiens?|watchmen|agents? de (?:securite"
    r"|gardiennage)|" + SUBGROUP_WORDS
)
SOLDIER_WORDS = (
    r"soldiers?|troops|servicemen|gendarmes?|police officers?|policem[ae]n|police|guards?"
    r"|militiamen|militia members|dozos?|dozo hunters|mercenaries|paratroopers|recruits"
    r"|(?:dan nan? ambassagou|dana ambassagou) (?:fighters|militiamen|members|combattants)"
    r"|(?:fighters|militiamen|members|combattants|miliciens|membres) (?:of |de |du )?(?:the )?"
    r"(?:dan nan? ambassagou|dana ambassagou|dozos?)|chasseurs dozos?|chasseurs traditionnels"
    r"|(?:fighters|militiamen|members|combattants|miliciens|membres) (?:of |de |du |d')(?:the |l')?"
    r"(?:pro-government |progouvernemental )?(?:msa|gatia|movement for the salvation of (?:the )?"
    r"azawad|mouvement pour le salut de l'azawad)|pro-government (?:militiamen|fighters|militia)"
    r"|traditional hunters"
    r"|peacekeepers|blue helmets|casques bleus|soldats de la paix|gardes nationaux"
    r"|officers?|customs officers|members of the (?:malian )?(?:armed|security|defen[cs]e)"
    r" forces|members of the army|wagner (?:fighters|mercenaries|members)|russian (?:fighters"
    r"|mercenaries|soldiers|instructors|paramilitaries)|militaires?|soldats?|gardes?"
    r"|(?:combattants|paramilitaires|instructeurs) russes|paramilitaires"
    r"|policiers?|douaniers?|mercenaires(?: russes)?|miliciens|recrues|officiers?"
    r"|sous-officiers|parachutistes|vdp|elements des fama|elements de l'armee|membres des"
    r" forces(?: armees| de defense et de securite)?|fama|agents des forces"
    r"|agents (?:des|de la|de) (?:douanes?|police|garde nationale|eaux et forets)"
    r"|customs (?:agents|officials|guards)|forest guards|gardes forestiers"
)
MILITANT_WORDS = (
    r"militants?|jihadists?|jihadis|djihadistes?|jihadistes?|terrorists?|terroristes?"
    r"|assailants?|assaillants?|attackers?|insurgents?|armed individuals|armed men|gunmen"
    r"|fighters?|combattants?|rebels?|rebelles?|separatists?|separatistes?|extremists?"
    r"|extremistes?|islamists?|islamistes?|individus armes|hommes armes|bandits(?: armes)?"
    r"|elements terroristes|agresseurs?|aggressors?|hors-la-loi"
    r"|members of (?:jnim|the jnim|is sahel|the islamic state)"
    r"|suspected (?:militants|jihadists|terrorists)"
)
PEOPLE_WORDS = (
    r"people|persons?|personnes?|individuals|individus|men|man|hommes?|victims?|victimes?"
)

_CLASSES: tuple[tuple[VictimKind, str], ...] = (
    (VictimKind.SOLDIERS, SOLDIER_WORDS),
    (VictimKind.MILITANTS, MILITANT_WORDS),
    (VictimKind.CIVILIANS, CIVILIAN_WORDS),
    (VictimKind.UNSPECIFIED, PEOPLE_WORDS),
)
_CLASS_PATTERNS = [(kind, re.compile(rf"(?:{words})\b")) for kind, words in _CLASSES]

# Words that may stand between a count and its noun: "18 more", "7 additional", "of the".
_FILLER = re.compile(
    r"(?:\s+|[\"'(]|,(?=\s*(?:de|d'|des|of)\b)|\b(?:of|the|de|des|d'|du|les|more|other|others|additional|further|innocent"
    r"|unarmed|malian|maliens?|russian|autres|supplementaires|nouveaux|nouvelles|among"
    r"|presumed|alleged|suspected|presumes|young|jeunes|local|locaux|ethnic|fulani|peuls?"
    r"|dogons?|tuaregs?|arabes?|bambaras?|ses|its|their|leurs|nos|our|\d{1,2}-year-old)\b)*"
)
_UNKNOWN_WORD = re.compile(
    r"(?!(?:and|et|or|ou|were|was|are|is|ont|sont|a|in|dans|on|who|qui|to|au|aux|en|by|par"
    r"|with|avec|at|near|pres|from|de|des|du|parmi|among|dead|morts?|tues?|tuees?|killed"
    r"|wounded|injured|blesses?|blessees?|disparus?|missing|enleves?|abducted|kidnapped"
    r"|victims|victimes|bodies|corps|others|autres|more|people|personnes)\b)[a-z][a-z'-]*\s+"
)
_CIVILIAN_CONTEXT = re.compile(
    r"\b(?:markets?|marches?|foires?|fairs?|weddings?|mariages?|noces?"
    r"|villages?(?!\s+(?:of|de|d')\b)|hameaux?"
    r"|hamlets?|bus|buses|minibus|autocars?|cars de transport|passengers?|passagers|mosques?"
    r"|mosquees?|churche?s?|eglises?|schools?|ecoles?|funerals?|funerailles|baptisms?"
    r"|baptemes?|civilians?|civils?|civiles?|massacred?|massacres?|massacring|barbaric|barbares?"
    r"|atrocit(?:y|ies|es?)|crimes?|executed|executing|executes?|executions?|executant"
    r"|summarily|sommairement|massacring|massacrant|accused|accuses|accusations?|accuse"
    r"|coldly|froidement|sang-froid|exactions|innocents?|denounced?|denonce|condemned?"
    r"|condamne|children|women|femmes|enfants|gold mines?|orpaillage|displaced|deplaces"
    r"|refugees?|refugies)\b"
)


_STRONG_CONTEXT = re.compile(
    r"\b(?:markets?|marches?|foires?|weddings?|mariages?|bus|buses|minibus|autocars?|passengers?"
    r"|passagers|mosques?|mosquees?|civilians?|civils?|massacres?|massacred|executions?|executed"
    r"|executing"
    r"|executes?|orpaillage|gold mines?|funerals?|funerailles|quartiers? (?:de|d'|du|residentiels?)"
    r"|(?:residential )?neighbou?rhoods?|residential areas?|shells? (?:fell|landed|hit) on homes)\b"
)
# "in its ranks", "dans ses rangs" are the possessor's own (the extractor gives them its side;
# soldiers when nobody is named), "dans les rangs de l'armée" the army's
OWN_RANKS = re.compile(r"\b(?:(?:its|their) (?:own )?ranks|(?:ses|leurs) (?:propres )?rangs)\b")
_RANKS = re.compile(
    r"\b(?:in (?:its|their) (?:own )?ranks|dans (?:ses|leurs) (?:propres )?rangs|dans les rangs"
    r" de l'armee|in the army's ranks|among (?:its|their) (?:troops|soldiers|men)"
    r"|parmi (?:ses|leurs) (?:hommes|soldats|troupes))\b"
)
# "28 morts du côté des agresseurs", "12 dead on the attackers' side": the side names the class
_SIDE_OF = re.compile(
    r"[^\d;.]{0,40}?\b(?:(?:du|de) cote (?:des |de l'|de la |du |de |d')?|on the (?=[a-z' ]{2,30}"
    r"side\b)|among the ranks of (?:the )?)"
)
_ARMY_SIDE = re.compile(
    r"(?:armee|army|army's|forces armees|fama|militaire|military|gouvernement)\b"
)
_NEAR = re.compile(r"[^\d,;.]{0,30}?(?=\b(?:in|dans|among|parmi)\b)|")
_AMONG = re.compile(r"\b(?:dont|including|of whom|among whom|parmi lesquels|parmi eux)\s*$")
_OF_THEM = re.compile(r"\s+(?:of them|of those|d'entre eux|d'entre elles)\b")
_APPOSITION = re.compile(
    r",\s*(?:tous|toutes|all|all of them|mostly|most of them|many of them|for the most part"
    r"|pour la plupart|en majorite|majoritairement|essentiellement|mainly)\s*,?\s*"
)


PARTNER = "Wagner / Africa Corps"  # the foreign force fighting with the army
# Whose fallen are soldiers and whose are militants (codebook §3): the army, the forces
# fighting with it (Wagner / Africa Corps, the French army of Serval and Barkhane, any state's
# army: "Nigerien army") and the pro-government militias (Dan Na Ambassagou, MSA, GATIA, the
# Plateforme coalition, Dozo hunters) lose soldiers; rebel and jihadist groups lose militants.
_GOVERNMENT_SIDE = frozenset(
    {
        "Malian army",
        PARTNER,
        "security sources",
        "French army",
        "Dan Na Ambassagou",
        "MSA",
        "GATIA",
        "Plateforme",
        "Dozo",
        "Ganda Izo",
        "Ganda Koy",
    }
)
_ARMED_SIDE = frozenset(
    {
        "CSP-DPA",
        "FLA",
        "CDRAP",
        "MNLA",
        "CMA",
        "HCUA",
        "MAA",
        "JNIM",
        "IS Sahel",
        "Ansar Dine",
        "MUJAO",
        "AQIM",
        "Al Mourabitoun",
        "Macina Liberation Front",
    }
)


def _on_government_side(actor: str) -> bool:
    return actor in _GOVERNMENT_SIDE or actor.endswith(" army")


@dataclass(frozen=True, slots=True)
class VictimPhrase:
    """The victim class of a count and the claimant's own words for it."""

    kind: VictimKind
    detail: str
    end: int  # offset just after the noun phrase, in the text that was read


def _class_at(folded: str, position: int) -> tuple[VictimKind, int] | None:
    for kind, pattern in _CLASS_PATTERNS:
        match = pattern.match(folded, position)
        if match:
            return kind, match.end()
    return None


def _skip_filler(folded: str, position: int) -> int:
    match = _FILLER.match(folded, position)
    return match.end() if match else position


def read_victims(text: str, start: int) -> VictimPhrase | None:
    """The victim noun phrase that begins at ``start`` (just after a count), if any.

    Two classes joined by "and"/"et" ("civilians and soldiers") make a mixed phrase.
    """
    folded = fold(text)
    position = _skip_filler(folded, start)
    found = _class_at(folded, position)
    for _ in range(2):  # "18 Burkinabe soldiers", "12 Nigerien army troops"
        if found is not None:
            break
        skipped = _UNKNOWN_WORD.match(folded, position)
        if skipped is None:
            return None
        position = _skip_filler(folded, skipped.end())
        found = _class_at(folded, position)
    if found is None:
        return None
    kind, end = found
    detail = text[position:end]
    second = re.match(r"\s+(?:and|et)\s+[\"']?", folded[end:])
    other = _class_at(folded, end + second.end()) if second else None
    if other and other[0] not in (kind, VictimKind.UNSPECIFIED):
        detail = text[position : other[1]]
        return VictimPhrase(VictimKind.MIXED, detail, other[1])
    if other and other[0] is kind:  # "soldiers and Russian mercenaries": one class
        closing = re.match(r"[\"']", folded[other[1] :])
        end = other[1] + (1 if closing else 0)
        return VictimPhrase(kind, text[position:end], end)
    return VictimPhrase(kind, detail, end)


def classify_words(words: str) -> VictimKind | None:
    """The victim class named anywhere in ``words`` (first match wins), if any."""
    folded = fold(words)
    for kind, pattern in _CLASS_PATTERNS:
        if re.search(rf"\b{pattern.pattern}", folded):
            return kind
    return None


def is_subgroup(words: str) -> bool:
    """True for a sub-group inside one class ("children", "dont trois femmes")."""
    return re.search(rf"\b(?:{SUBGROUP_WORDS})\b", fold(words)) is not None


def has_civilian_context(text: str, *, strong: bool = False) -> bool:
    """True when the text presents unnamed victims as non-combatants (codebook §3).

    ``strong`` keeps only the words that mark a whole story as an attack on civilians
    (a market, a wedding, a bus, a massacre), for counts whose own sentence says nothing.
    """
    return (_STRONG_CONTEXT if strong else _CIVILIAN_CONTEXT).search(fold(text)) is not None


def context_victims(text: str, span: tuple[int, int], start: int, end: int) -> VictimPhrase | None:
    """The victims of a count with no noun of its own, from the rest of its clause.

    "three dead in its ranks" → soldiers; "killed 11 of them" → the class named before;
    "9 dead and 14 wounded, all passengers" → the apposition's class.
    """
    folded = fold(text)
    clause_start, clause_end = span
    near_match = _NEAR.match(folded, end)
    near = near_match.end() if near_match else end
    ranks = _RANKS.match(folded, near)
    if ranks:
        return VictimPhrase(VictimKind.SOLDIERS, text[ranks.start() : ranks.end()], end)
    side = _SIDE_OF.match(folded, end, clause_end)
    if side:
        army = _ARMY_SIDE.match(folded, side.end())
        if army:
            return VictimPhrase(VictimKind.SOLDIERS, text[side.start() : army.end()].strip(), end)
        named = read_victims(text, side.end())
        if named is not None and named.kind is not VictimKind.UNSPECIFIED:
            return named
    among = re.match(r"(?:among|parmi)\b", folded[near:])
    group = read_victims(text, near + among.end()) if among else None
    if group is not None and group.kind is not VictimKind.UNSPECIFIED:
        return group
    if _OF_THEM.match(folded, end) or _AMONG.search(folded, clause_start, start):
        earlier = [
            (match.start(), kind, match.group(0))
            for kind, pattern in _CLASS_PATTERNS[:3]
            for match in re.finditer(rf"\b{pattern.pattern}", folded[clause_start:start])
        ]
        if earlier:
            _, kind, words = max(earlier)
            return VictimPhrase(kind, words, end)
    for match in _APPOSITION.finditer(folded, end, clause_end):
        phrase = read_victims(text, match.end())
        if phrase and phrase.kind is not VictimKind.UNSPECIFIED:
            return phrase
    return None


def resolve_people(kind: VictimKind, sentence: str) -> VictimKind:
    """ "People" at a market, a wedding, a village, on a bus or in a denounced killing."""
    if kind is VictimKind.UNSPECIFIED and has_civilian_context(sentence):
        return VictimKind.CIVILIANS
    return kind


def enemy_side(speaker: str, kind: VictimKind) -> VictimKind:
    """ "We killed 12 of them": the speaker's enemies, the other side."""
    if _on_government_side(speaker):
        return VictimKind.MILITANTS
    if speaker in _ARMED_SIDE:
        return VictimKind.SOLDIERS
    return kind


def own_side(possessor: str, kind: VictimKind) -> VictimKind:
    """ "Four of its fighters", "dans ses rangs": an actor's own losses are of its own side."""
    if _on_government_side(possessor):
        return VictimKind.SOLDIERS
    if possessor in _ARMED_SIDE:
        return VictimKind.MILITANTS
    return kind
