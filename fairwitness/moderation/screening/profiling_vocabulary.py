"""Word patterns for the profiling guardrail, on the ``plain`` view.

Kept apart from the rule so the rule reads as the policy it enforces.
"""

from __future__ import annotations

import re

_RACE = (
    r"black|white|hispanic|latino|latina|latinx|mexican|asian|chinese|korean|japanese|vietnamese"
    r"|filipino|indian|arab|arabic|middle[\s-]eastern|african[\s-]american|african|afro[\s-]american"
    r"|caucasian|brown|dark[\s-]skinned|light[\s-]skinned|native[\s-]american|indigenous|somali"
    r"|haitian|puerto[\s-]rican|dominican|pakistani|muslim|jewish|biracial|mixed[\s-]race|islander"
    r"|gypsy|roma|ethnic"
)
_RACE_PLURAL_NOUN = (
    r"blacks|hispanics|mexicans|asians|latinos|latinas|arabs|africans|somalis|haitians|muslims"
    r"|gypsies|orientals|minorities"
)
_PERSON = (
    r"man|men|guy|guys|male|males|female|females|woman|women|lady|ladies|kid|kids|teen|teens"
    r"|teenagers?|youths?|boys?|girls?|persons?|people|individuals?|dudes?|gentlem[ae]n|suspects?"
    r"|fellows?|couple|group|gang|thugs?|characters?|figures?|someone|folks|juveniles?|adults?"
)
_PERSON_ADJECTIVE = (
    r"young|younger|old|older|tall|short|heavy|heavyset|thin|skinny|teenage|teen|adult|middle[\s-]aged"
    r"|big|large|small|little|two|three|four|several|few|some|couple\s+of|group\s+of|pair\s+of"
    r"|male|female|looking|-looking"
)

RACE_PERSON = re.compile(
    rf"(?<![a-z])(?:{_RACE})(?:\s*-?\s*looking)?,?\s+(?:(?:{_PERSON_ADJECTIVE}),?\s+){{0,2}}"
    rf"(?:{_PERSON})"
    rf"(?![a-z])"
    rf"|(?<![a-z])(?:{_RACE})\s*-\s*looking(?![a-z])"
    rf"|(?<![a-z])(?:looked|looking|appeared|seemed)\s+(?:to\s+be\s+)?(?:{_RACE})(?![a-z])"
    rf"|(?<![a-z])(?:{_RACE_PLURAL_NOUN})(?![a-z])"
    rf"|(?<![a-z])(?:of\s+colou?r|poc|bipoc)(?![a-z])"
)

SUSPICION = re.compile(
    r"(?<![a-z])(?:suspicious|suspiciously|sketchy|shady|sus|creepy|creeper|out\s+of\s+place"
    r"|(?:didn'?t|doesn'?t|don'?t|did\s+not|does\s+not|do\s+not)\s+(?:\w+\s+)?belong"
    r"|not\s+from\s+(?:here|around\s+here|this\s+(?:neighbou?rhood|area))|casing|lurking|loitering"
    r"|prowling|prowler|up\s+to\s+no\s+good|looking\s+around|hanging\s+(?:around|out)|wandering"
    r"|walking\s+around|watch\s+out|be\s+careful|lookout|look\s+out|keep\s+an\s+eye|beware|scary"
    r"|uneasy|nervous|weird|strange|odd|thugs?|dangerous|unsafe|alert|heads\s+up|on\s+guard)"
    r"(?![a-z])"
)

# Concrete acts, in the past or progressive: what someone did, not how they looked.
BEHAVIOUR = re.compile(
    r"(?<![a-z])(?:tr(?:y|ied|ying)\s+(?:to\s+)?(?:open|get\s+in|break|enter|steal|take|force|pry)"
    r"|tr(?:y|ied|ying)\s+(?:the\s+|my\s+|our\s+|car\s+|front\s+|back\s+)*(?:doors?|handles?|gates?"
    r"|windows?|locks?)|(?:pull|pulled|pulling|check|checked|checking|jiggl\w*|test\w*)\s+"
    r"(?:on\s+)?(?:the\s+|car\s+|garage\s+)*(?:door|handle|gate|lock|window)s?"
    r"|bro(?:ke|ken|king)\s+(?:in|into)|smash\w*|stole|stolen|steal\w*|took\s+(?:a|the|my|our|his|her"
    r"|their|two|some|packages?)|grabb\w*|snatch\w*|pried|prying|jimm\w*|picked\s+the\s+lock"
    r"|kick\w*|punch\w*|assault\w*|attack\w*|threaten\w*|brandish\w*|(?:pulled|pointed|waved)\s+"
    r"(?:a\s+)?(?:gun|knife|weapon)|climb\w*\s+(?:over|the|into|onto|up)|jump\w*\s+(?:the|a|our"
    r"|my|over)|entered|went\s+into|walked\s+into\s+(?:my|our|the)\s+(?:yard|garage|house|backyard"
    r"|porch)|open(?:ed|ing)\s+(?:my|the|our|a|car|mail)|(?:went|going)\s+through\s+(?:my|the|our"
    r"|cars?|mail)|rummag\w*|peer(?:ed|ing)\s+(?:in|into)|look(?:ed|ing)\s+(?:in|into)\s+(?:car|"
    r"the\s+car|my|our|windows?|cars)|shoplift\w*|vandali[sz]\w*|spray[\s-]?paint\w*|slash\w*"
    r"|keyed|siphon\w*|cut\s+(?:the|a|our|my)\s+(?:lock|catalytic|fence|wire)|exposed\s+himself"
    r"|follow(?:ed|ing)\s+(?:me|my|a|her|him|us|kids|children)|chas(?:ed|ing)|harass\w*"
    r"|yell(?:ed|ing)\s+at|trespass\w*|set\s+(?:a\s+)?fire|fired\s+(?:shots|a\s+gun)|shot\s+(?:at|a)"
    r"|stabb\w*|robb\w*|mugg\w*|carjack\w*|(?:dealing|sold|selling)\s+drugs|hit\s+(?:a|my|the|him"
    r"|her)|took\s+photos\s+of\s+(?:houses|our|my|kids)|rang\s+(?:every|the|our|my)\s+doorbells?"
    r"|stuffed\s+\w+\s+(?:in|into)|loaded\s+\w+\s+into|drove\s+off\s+with|ran\s+off\s+with"
    r"|carried\s+(?:off|away)|dumped|pulled\s+out)"
)

# Things a description may say that are not behaviour at all.
NON_BEHAVIOUR = re.compile(
    r"(?<![a-z])(?:walk\w*|stand\w*|sitting|sat|looking\s+around|driving|drove\s+(?:by|slowly|around)"
    r"|hanging\s+(?:out|around)|wearing|seemed|looked|appeared|being|there|around)(?![a-z])"
)

DESCRIPTORS = re.compile(
    r"(?<![a-z])(?:hoodie|hooded\s+sweatshirt|sweatshirt|jacket|coat|shirt|t-shirt|tee|polo|jeans"
    r"|pants|shorts|sweatpants|joggers|hat|cap|beanie|mask|gloves|backpack|bag|sneakers|shoes"
    r"|boots|sandals|vest|dress|skirt|uniform|sunglasses|glasses|scarf|bandana|hood|beard|mustache"
    r"|moustache|goatee|bald|ponytail|braids|dreadlocks|dreads|buzz\s+cut|curly\s+hair|long\s+hair"
    r"|short\s+hair|blonde?|red\s+hair|gr[ae]y\s+hair|tattoos?|piercings?|scar|tall|heavyset|stocky"
    r"|thin|skinny|slim|muscular|(?:medium|large|small|slight)\s+build|\d\s*(?:'|ft|feet|foot)\s*\d*"
    r"|\d0s|late\s+teens|early\s+teens|teenage|(?:about|around|maybe)\s+\d{2}|middle[\s-]aged"
    r"|elderly|car|truck|van|suv|sedan|pickup|motorcycle|bike|bicycle|scooter|honda|toyota|ford"
    r"|chevy|chevrolet|nissan|dodge|jeep|bmw|tesla|hyundai|kia|subaru|limp|cane|crutches)(?![a-z])"
)

# A race term about the author, a victim or someone known is not a suspect
# description: "as a Black woman I ...", "two Muslim women were harassed".
SELF_OR_KNOWN_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:as|i'?m|i\s+am|we'?re|we\s+are|my|our|his|her|their)\s+(?:an?\s+)?(?:\w+\s+)?)$"
)
# "Posting that Black teens are 'suspicious' is profiling": the race term is in
# reported speech that the author is criticising, not a description of a suspect.
REPORTED_SPEECH_BEFORE = re.compile(
    r"(?<![a-z])(?:posting|saying|calling|claiming|assuming|suggesting|implying|the\s+idea)"
    r"\s+(?:that\s+)?(?:all\s+|the\s+)?$"
)
# The post criticises profiling, which is what makes reported speech about race
# someone else's words rather than the author's description of a suspect.
PROFILING_CRITICISED = re.compile(
    r"(?<![a-z])(?:racial(?:ly)?\s+profil\w*|(?:is|that'?s|it'?s)\s+(?:just\s+)?profiling"
    r"|(?:is|that'?s|it'?s)\s+(?:so\s+|just\s+)?racist|racism|stereotyp\w*)(?![a-z])"
)
VICTIM_AFTER = re.compile(
    r"^\s*(?:was|were|got|get|gets|being|been|are|is)\s+(?:\w+\s+)?(?:harass\w*|attack\w*"
    r"|assault\w*|follow\w*|target\w*|profil\w*|stopped|called|threaten\w*|robb\w*|hurt"
    r"|beaten|yelled\s+at|insult\w*|spat\s+on|pushed|shoved|hit|injured|killed|shot|mugged)"
)
