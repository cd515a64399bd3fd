"""Synthetic training sentences that teach the hate model what Davidson lacks.

Davidson's tweets teach which words are slurs, but hardly any sentence there
names a group neutrally, negates a hateful claim, or insults something that
is not a protected group. These templates add such sentences, labelled with
Davidson's classes (0 hate, 1 offensive, 2 neither), so a neutral mention of
a group does not score like an attack on it.

Honesty rule: these are TRAINING templates only. The functional evaluation
set (``benchmarks/data/hate_functional.jsonl``) was written separately with
other sentence frames and other insulting words; a test checks that no
evaluation sentence is produced here. Do not copy evaluation sentences into
this file, or the functional figures stop meaning anything.
"""

from __future__ import annotations

import random
from itertools import product

HATE, OFFENSIVE, NEITHER = 0, 1, 2

GROUPS = (
    "black people",
    "blacks",
    "african americans",
    "jews",
    "jewish people",
    "muslims",
    "arabs",
    "mexicans",
    "latinos",
    "hispanics",
    "immigrants",
    "refugees",
    "migrants",
    "asians",
    "chinese people",
    "indians",
    "somalis",
    "gays",
    "gay men",
    "lesbians",
    "trans people",
    "transgender people",
    "trans women",
    "bisexuals",
    "women",
    "girls",
    "disabled people",
    "autistic people",
    "deaf people",
    "wheelchair users",
    "sikhs",
    "hindus",
    "native americans",
    "roma",
)

# Targets that are not protected groups: abuse of them is rude, not hate.
NON_PROTECTED = (
    "politicians",
    "landlords",
    "telemarketers",
    "tourists",
    "cyclists",
    "pigeons",
    "raccoons",
    "referees",
    "bankers",
    "car dealers",
    "influencers",
    "the city council",
    "spammers",
    "fruit flies",
)

INSULT_NOUNS = (
    "vermin",
    "parasites",
    "animals",
    "savages",
    "filth",
    "pests",
    "leeches",
    "subhuman",
    "a cancer",
    "a disease",
    "trash",
    "garbage",
    "degenerates",
    "lowlifes",
    "a stain on society",
    "worthless",
    "inferior",
    "dirty and lazy",
    "criminals and liars",
    "a burden on everyone",
)

HARM = ("shot", "hanged", "exterminated", "deported", "burned out", "beaten", "gassed", "locked up")

HATE_FRAMES = (
    "{g} are {n}",
    "all {g} are {n}",
    "{g} are {n}, every last one",
    "honestly {g} are just {n}",
    "i can't stand {g}",
    "i loathe {g}, they ruin everything",
    "{g} ruin every neighborhood they move into",
    "{g} should be {h}",
    "all the {g} need to be {h}",
    "someone should make sure {g} get {h}",
    "death to all {g}",
    "{g} have no right to exist",
    "{g} don't deserve any rights",
    "{g} are not human beings",
    "get the {g} out of this town",
    "never let {g} near your children",
    "filthy {g} everywhere you look",
    "i'd never rent to {g}, they are {n}",
    "what is wrong with {g}? they are {n}",
    "we need to get rid of the {g}",
    "this street was fine until the {g} showed up",
    "{g} are ruining this country",
)

NEUTRAL_FRAMES = (
    "{g} are our neighbors and friends",
    "{g} in our town organised a potluck",
    "{g} are invited to the planning meeting",
    "my coworkers are {g}",
    "{g} have lived on this street for generations",
    "the support group for {g} meets on tuesday",
    "a lot of {g} volunteer at the shelter",
    "{g} deserve equal rights",
    "i stand with {g}",
    "{g} are welcome here",
    "the festival this weekend celebrates {g}",
    "our library has a reading list by {g}",
    "{g} are part of this community",
    "the panel on housing included {g}",
    "several {g} run shops on main street",
    "thank you to the {g} who cleaned up the park",
    "{g} face discrimination in housing",
    "the survey asked {g} about bus routes",
    "{g} are running the bake sale this year",
    "{g} are doing a great job with the garden",
    "{g} are hosting the block party",
    "{g} are the reason this street feels like home",
)

NEGATED_FRAMES = (
    "i would never call {g} {n}",
    "it is wrong to say {g} are {n}",
    "{g} are not {n}",
    "i don't think {g} are {n} at all",
    "nobody on this block hates {g}",
    "no, {g} are not {n}",
)

COUNTER_FRAMES = (
    "someone posted that {g} are {n} and i reported it",
    "calling {g} {n} is hate speech",
    "claiming {g} are {n} is bigotry, plain and simple",
    "stop spreading lies that {g} are {n}",
    "the flyer said {g} should be {h}. that is hateful and we took it down",
)

NON_PROTECTED_FRAMES = (
    "{g} are {n}",
    "i can't stand {g}",
    "honestly {g} are just {n}",
    "{g} ruin everything",
)

OFFENSIVE_SENTENCES = (
    "fuck this weather",
    "this traffic is total shit",
    "damn it, the bus is late again",
    "what the hell is wrong with this parking lot",
    "you are a lying sack of crap",
    "that guy who keyed my car is a complete asshole",
    "my ex is such a jerk",
    "shut up, you idiot",
    "this pothole is a fucking joke",
    "whoever stole my packages is a piece of shit",
    "screw the landlord and his rent hike",
    "the referee was a clown tonight",
)

NEITHER_SENTENCES = (
    "proud to be queer and living in this neighborhood",
    "queer film night at the library on friday",
    "our queer book club is looking for new members",
    "the vet said our dog is a bitch in heat, keep males away",
    "the gay pride picnic starts at noon",
    "i am a black woman and i love this block",
    "the mosque and the church are hosting a joint food drive",
    "happy diwali to all our hindu neighbors",
    "my husband is deaf, please knock loudly",
    "the synagogue needs volunteers for passover dinner",
)


# Everyday neighborhood posts. Davidson ties "white" and "black" to hate
# ("white trash"); here they are colours of cats, cars and jackets.
COLOURS = ("white", "black", "brown", "grey", "red", "blue", "silver", "tan", "yellow")
PETS = ("cat", "dog", "husky", "lab", "tabby", "parrot", "rabbit", "terrier")
VEHICLES = ("honda civic", "ford pickup", "suv", "sedan", "van", "prius", "toyota camry")
PLACES = ("library", "creek", "school", "park", "church", "trailhead", "bus stop", "post office")
INSULTS = ("idiot", "moron", "jerk", "asshole", "clown", "lazy bum", "selfish prick")

EVERYDAY_FRAMES = (
    "lost {c} {p} near the {l}, please call if you see her",
    "found a {c} {p} with a {c2} collar by the {l}",
    "{c} {v} has been parked by the {l} for a week",
    "someone stole a {c} {v} from a driveway near the {l} last night",
    "package stolen from my porch, the guy wore a {c} hoodie and {c2} shoes",
    "a man in a {c} jacket was trying car doors near the {l}",
    "teen male, {c} cap, thin build, broke the window of a {v} near the {l}",
    "our {p} got out through the fence, {c} and {c2}, last seen near the {l}",
    "the {c} house by the {l} has the best garden on the street",
    "street lights by the {l} are out again, be careful walking home",
    "{c} {v} with a dented bumper keeps speeding past the {l}",
    "woman in a {c} coat dropped her wallet at the {l}, i have it",
)

RUDE_FRAMES = (
    "my neighbor is an {i} who can't park",
    "the guy who blocked the {l} lot is a total {i}",
    "whoever keeps leaving trash by the {l} is an {i}",
    "fuck whoever dented my {c} {v}",
    "shitty drivers speeding past the {l} again",
    "damn, the {l} parking lot is a mess",
)


def _everyday(part: str, rng: random.Random) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for frames, label, copies in ((EVERYDAY_FRAMES, NEITHER, 12), (RUDE_FRAMES, OFFENSIVE, 8)):
        for frame in _frames(frames, part):
            for _ in range(copies):
                rows.append(
                    (
                        frame.format(
                            c=rng.choice(COLOURS),
                            c2=rng.choice(COLOURS),
                            p=rng.choice(PETS),
                            v=rng.choice(VEHICLES),
                            l=rng.choice(PLACES),
                            i=rng.choice(INSULTS),
                        ),
                        label,
                    )
                )
    return rows


def _frames(frames: tuple[str, ...], part: str) -> tuple[str, ...]:
    """Every fourth frame is kept for validation, so thresholds are checked on
    sentence frames the model did not train on."""
    keep = (lambda i: i % 4 == 3) if part == "validation" else (lambda i: i % 4 != 3)
    return tuple(frame for i, frame in enumerate(frames) if keep(i))


def synthetic_examples(
    *, seed: int, part: str = "train", with_hate: bool = False
) -> list[tuple[str, int]]:
    """Deterministic (text, label) pairs of one part, ``train`` or ``validation``.

    Hateful frames are left out unless ``with_hate``: in a bag-of-n-grams
    model, "<group> are <insult>" sentences teach that "<group> are" is
    hateful, and calm sentences such as "<group> are welcome here" then score
    as hate. The lexicon rules catch those explicit frames instead.
    """
    if part not in ("train", "validation"):
        raise ValueError(f"unknown part {part!r}")
    rng = random.Random(seed)
    rows: list[tuple[str, int]] = []
    for frame, group in product(_frames(HATE_FRAMES, part) if with_hate else (), GROUPS):
        rows.append((frame.format(g=group, n=rng.choice(INSULT_NOUNS), h=rng.choice(HARM)), HATE))
    for frame, group in product(_frames(NEUTRAL_FRAMES, part), GROUPS):
        rows.append((frame.format(g=group), NEITHER))
    for frame, group in product(_frames(NEGATED_FRAMES + COUNTER_FRAMES, part), GROUPS):
        rows.append(
            (frame.format(g=group, n=rng.choice(INSULT_NOUNS), h=rng.choice(HARM)), NEITHER)
        )
    for frame, target in product(_frames(NON_PROTECTED_FRAMES, part), NON_PROTECTED):
        rows.append((frame.format(g=target, n=rng.choice(INSULT_NOUNS)), OFFENSIVE))
    rows.extend((text, OFFENSIVE) for text in _frames(OFFENSIVE_SENTENCES, part))
    rows.extend((text, NEITHER) for text in _frames(NEITHER_SENTENCES, part))
    rows.extend(_everyday(part, rng))
    rng.shuffle(rows)
    return rows
