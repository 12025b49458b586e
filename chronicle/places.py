"""Names of countries and well-known places, so that discovery never takes a
place used as a place for a person or an organisation ("said South Africa",
"the West Bank"). A short hand-kept list: no gazetteer ships with the
libraries we use, and discovery only needs the names that look like people
or organisations."""

from __future__ import annotations

COUNTRIES = frozenset(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas
    Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei
    Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba
    Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland
    France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary
    Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati
    Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco
    Mongolia Montenegro Morocco Mozambique Myanmar Burma Namibia Nauru Nepal Netherlands Holland Nicaragua
    Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar
    Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan
    Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey
    Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Vatican Venezuela Vietnam Yemen Zambia
    Zimbabwe Britain England Scotland Wales Europe Asia Africa America""".split()
)
MULTIWORD_PLACES = frozenset(
    {
        "New Zealand", "South Africa", "Saudi Arabia", "North Korea", "South Korea", "Sri Lanka",
        "Costa Rica", "Puerto Rico", "El Salvador", "Czech Republic", "Dominican Republic",
        "United States", "United Kingdom", "United Arab Emirates", "Soviet Union", "Ivory Coast",
        "Sierra Leone", "Papua New Guinea", "East Timor", "South Sudan", "Hong Kong", "New York",
        "Los Angeles", "San Francisco", "San Diego", "Las Vegas", "New Orleans", "New Jersey",
        "New Mexico", "North Carolina", "South Carolina", "North Dakota", "South Dakota",
        "West Virginia", "Rhode Island", "New Hampshire", "Salt Lake City", "Kansas City",
        "Middle East", "Far East", "West Bank", "Gaza Strip", "Persian Gulf", "Latin America",
        "North America", "South America", "Central America", "Wall Street", "White House",
        "Capitol Hill", "Great Salt Lake", "Tel Aviv", "Buenos Aires", "Rio de Janeiro",
        "Sao Paulo", "Mexico City", "St Petersburg", "St. Petersburg", "Sharm El-Sheikh",
        "Nizhny Tagil", "Northern Sinai", "Northern Ireland", "Western Sahara", "Cape Town",
    }
)  # fmt: skip


def is_place(name: str) -> bool:
    """Whether ``name`` is, or begins with, a place name.

    >>> is_place("South Africa"), is_place("Kenya Television"), is_place("Ana Ruiz")
    (True, True, False)
    """
    words = name.split()
    if name in MULTIWORD_PLACES or (words and words[0] in COUNTRIES):
        return True
    return name.startswith(_PLACE_PREFIXES)


# str.startswith tries a tuple in C: the same answer as asking each place in turn.
_PLACE_PREFIXES = tuple(place + " " for place in sorted(MULTIWORD_PLACES))
