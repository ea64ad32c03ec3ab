"""Generic English word lists the draft reads text with: titles, organisation cues, countries, speech verbs.

Nothing here belongs to one article: these are lists any English news text
shares (a title, a month, a country, "said").
"""

from __future__ import annotations


def split_words(text: str) -> list[str]:
    """The words of a list written as one string."""
    return text.split()


MONTHS = frozenset(
    split_words(
        "January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
    )
)
WEEKDAYS = frozenset(split_words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"))

# Titles before a name; the value says whether the title makes the person a political figure.
TITLES = {
    **dict.fromkeys(
        split_words(
            "President Vice-President Premier Minister Chancellor Governor Senator Sen. Rep. Representative Congressman "
            "Congresswoman Mayor King Queen Prince Princess Emir Sheikh Sultan Ambassador Secretary Commissioner Speaker "
            "Gov. Pres. Lt. Gen. General Colonel Col. Commander Admiral Adm. Capt. Captain Major Sergeant Sgt. Marshal "
            "Chairman Chairwoman Leader Ayatollah Pope"
        ),
        "political",
    ),
    **dict.fromkeys(
        split_words(
            "Dr. Dr Prof. Professor Mr. Mr Mrs. Mrs Ms. Ms Sir Dame Lord Lady Judge Justice Rev. Reverend Father Sister "
            "CEO Chief Director Chair Editor Spokesman Spokeswoman Spokesperson Analyst Economist"
        ),
        "other",
    ),
}
TITLE_WORDS = frozenset(t.casefold() for t in TITLES)

# Words that, last in a capitalised name, make it an organisation; the value is its kind.
ORG_LAST = {
    **dict.fromkeys(
        split_words("Ministry Government Cabinet Parliament Congress Senate Council Administration Department Office"), "government"
    ),
    **dict.fromkeys(split_words("Army Forces Force Navy Military Guard Guards Police Brigade Brigades Corps"), "armed_force"),
    **dict.fromkeys(split_words("Party Movement Front Alliance Coalition Union Federation League"), "group"),
    **dict.fromkeys(split_words("Militia Militias Rebels"), "armed_group"),
    **dict.fromkeys(split_words("Group Organization Organisation"), "group"),
    **dict.fromkeys(
        split_words(
            "Inc Inc. Corp Corp. Corporation Company Co Co. Ltd Ltd. LLC PLC plc AG SA GmbH Holdings Industries Bank Partners "
            "Technologies Systems Motors Airlines Energy Pharmaceuticals Labs Foods Dairy Farms Brewery Mills Stores Insurance"
        ),
        "company",
    ),
    **dict.fromkeys(
        split_words(
            "Institute Institution University College Agency Centre Center Laboratory Lab Foundation Academy Observatory Survey Society "
            "Research Hospital School Museum"
        ),
        "research",
    ),
    **dict.fromkeys(
        split_words("Journal Times Post News Herald Tribune Gazette Telegraph Guardian Press Radio Television TV Wire Review"), "outlet"
    ),
    **dict.fromkeys(split_words("Commission Committee Court Authority Board Bureau Service Association Assembly"), "government"),
}
ORG_FIRST = {
    "Ministry": "government",
    "Department": "government",
    "University": "research",
    "Bank": "company",
    "Institute": "research",
    "Journal": "outlet",
}
ARMED_WORDS = frozenset(
    split_words("army forces force military militia militias rebels rebel troops brigade brigades guard fighters insurgents")
)
OUTLET_NAMES = frozenset(
    "Reuters Bloomberg AFP AP BBC CNN NPR Al Jazeera Associated Press Agence France-Presse Xinhua TASS Interfax".casefold().split()
)

# Lower-case words that may join capitalised words inside one name ("Bank of England", "Abu Bakr al-Baghdadi").
JOINERS = frozenset(
    ["of", "de", "da", "del", "della", "di", "du", "der", "den", "van", "von", "bin", "ibn", "bint", "al", "el", "la", "le", "for"]
)
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "as",
        "an",
        "bin",
        "ibn",
        "bint",
        "de",
        "da",
        "del",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "abu",
        "abd",
    ]
)

# Capitalised words that begin a sentence without being a name.
NOT_NAMES = frozenset(
    split_words("""a an the this that these those there here it its he she they we you i his her their our your my me us them
    and but or so yet nor for if as at by in on of to up with from into onto over under after before during since
    until while when where why how what which who whom whose because although though despite meanwhile however thus
    therefore moreover also still even only just then now today yesterday tomorrow tonight last next this such both
    either neither each every all some many most much more less few several other another any no not yes
    one two three four five six seven eight nine ten first second third new old said says according
    mr mrs ms dr prof sir madam good thank thanks please let well oh yes okay
    reports report officials analysts experts sources witnesses residents critics observers people
    despite instead although unless whether nearly almost about around across against along among amid
    within without between beyond toward towards through throughout via per""")
)

# Speech verbs: a name next to one is a source for the sentence.
SPEECH_VERBS = frozenset(
    split_words("""said says say told tells tell noted notes added adds stated states explained explains argued argues warned warns
    claimed claims reported reports announced announces wrote writes indicated indicates insisted insists acknowledged
    acknowledges recalled recalls observed observes replied replies suggested suggests estimated estimates predicted
    predicts confirmed confirms denied denies declared declares according cited cites quoted quotes asserted asserts
    commented comments testified testifies tweeted posted learned learnt""")
)
QUOTING_VERBS = frozenset(["said", "says", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes", "replied", "replies"])

# Nouns for unnamed sources ("officials said", "reports indicated").
UNNAMED_SOURCES = frozenset(
    split_words("""official officials source sources report reports analyst analysts expert experts witness witnesses resident residents
    spokesperson spokesman spokeswoman diplomat diplomats observer observers critic critics people person aide aides
    insider insiders researcher researchers scientist scientists investor investors executive executives""")
)
EXPERT_WORDS = frozenset(
    split_words("""analyst analysts expert experts professor researcher researchers scientist scientists economist economists scholar
    fellow lecturer strategist consultant""")
)
JOURNALIST_WORDS = frozenset(split_words("reporter reporters correspondent correspondents journalist journalists editor columnist writer"))
PERSON_ROLES = frozenset(
    split_words("""chief executive ceo founder chairman chairwoman director spokesperson spokesman spokeswoman president minister
    leader head manager officer engineer doctor lawyer worker mother father son daughter wife husband""")
)

# Nouns after a demonym that make a group actor ("Flemish groups"), and the kind of group.
GROUP_NOUNS = {
    **dict.fromkeys(split_words("government regime authorities state"), "government"),
    **dict.fromkeys(split_words("army military forces troops soldiers navy police"), "armed_force"),
    **dict.fromkeys(split_words("rebels militias militia fighters insurgents groups group factions faction"), "armed_group"),
    **dict.fromkeys(split_words("people residents civilians citizens voters workers villagers refugees protesters"), "civilians"),
    **dict.fromkeys(split_words("officials diplomats leaders ministers"), "government"),
}

COUNTRIES = frozenset(
    split_words("""Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh
    Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei Bulgaria Burkina Burundi Cambodia
    Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador
    Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala
    Guinea Guyana Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan
    Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania
    Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia
    Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau
    Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles
    Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand
    Togo Tonga Tunisia Turkey Türkiye Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen
    Zambia Zimbabwe Britain England Scotland Wales Gaza Kurdistan Crimea Tibet Europe Africa Asia""")
) | frozenset(
    [
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Saudi Arabia",
        "South Africa",
        "South Korea",
        "North Korea",
        "New Zealand",
        "Sri Lanka",
        "South Sudan",
        "Costa Rica",
        "El Salvador",
        "Sierra Leone",
        "Ivory Coast",
        "Dominican Republic",
        "Czech Republic",
        "Central African Republic",
        "Papua New Guinea",
        "North Macedonia",
        "West Bank",
        "European Union",
        "U.S.",
        "U.K.",
        "US",
        "UK",
        "EU",
        "UAE",
    ]
)
