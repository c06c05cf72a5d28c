"""Write app/staff/common-passwords.txt: passwords people pick most often, as a blocklist.

Built from well-known top choices (English and Danish words, names, keyboard walks, number
runs) and the ways people stretch them to a length rule (years, digit runs, "!"), so the list
catches what a 12-character minimum pushes people towards. Run again after editing the seeds:
    .venv/bin/python scripts/make-common-passwords.py
"""
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "app" / "staff" / "common-passwords.txt"

TOP = """123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890
michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan
jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle
jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger
princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access yankees
987654321 dallas austin thunder taylor matrix mobilemail mom monitor monitoring montana moon
moscow welcome welcome1 admin administrator passw0rd p@ssw0rd p@ssword password1 password123
qwerty123 iloveyou1 princess1 abcdef abcdefg abcdefgh abcd1234 1q2w3e4r 1q2w3e4r5t 1q2w3e
qwe123 zaq12wsx zaq1zaq1 q1w2e3r4 q1w2e3r4t5 asdf1234 asdfghjkl asdfasdf qwerqwer
lovely flower hello hello123 secret secret123 whatever starwars1 trustme letmein1 test test123
testtest guest changeme default root toor login login123 user user123 demo sample temp temp123
oliver liverpool arsenal chelsea1 manchester barcelona realmadrid juventus ronaldo messi
pokemon naruto minecraft fortnite roblox google facebook instagram youtube twitter linkedin
samsung apple iphone android microsoft windows linux ubuntu debian
jesus christ blessed angel angels heaven faith forever family friends friend
cookie chocolate banana orange purple yellow silver golden diamond
tiger lion eagle falcon wolf bear panda dolphin spider
butterfly rainbow sunflower blossom snowball snowflake
hannah sophie emily olivia emma daisy lucy molly bella luna
""".split()

DANISH = """kodeord adgangskode hemmelig hemmeligt password1 sommer vinter foraar efteraar forår efterår
jul julemand påske paaske hejmeddig hejsa hejhej velkommen danmark dannebrog aabenraa aabenraakommune
kommune borgerservice borger kontor kolding sønderborg soenderborg haderslev tønder toender padborg
bov rødekro roedekro kruså krusaa esbjerg aarhus århus odense aalborg københavn koebenhavn
jylland sjælland fyn sønderjylland soenderjylland mitid nemid digitalpost
hund kat hest ko gris fisk fugl kanin killing hvalp
mor far mormor morfar farmor farfar søster bror mormor1 familie kæreste kaereste skat skattepenge
elskerdig jegelskerdig kærlighed kaerlighed sol måne maane stjerne himmel hav skov strand
rød gul blå grøn sort hvid roed groen
fodbold håndbold haandbold brøndby broendby fck agf sønderjyske soenderjyske fcmidtjylland
lego carlsberg tuborg hygge smørrebrød rugbrød frikadeller
mandag tirsdag onsdag torsdag fredag lørdag søndag
januar februar marts april maj juni juli august september oktober november december
peter jens lars søren soeren hans niels michael henrik thomas anders jørgen joergen ole christian
martin mads rasmus morten jesper poul mette anne hanne kirsten susanne lene maria marianne
karen inge lone pia camilla louise helle tina bente birgitte charlotte
""".split()

WALKS = """qwertyuiop qwertyuiopå qwertyuiopaa asdfghjkl asdfghjklæø zxcvbnm 1qaz2wsx3edc 1qaz2wsx3edc4rfv
qazwsxedc qazwsxedcrfv qweasdzxc qweasdzxc123 1q2w3e4r5t6y 1q2w3e4r5t6y7u zaq12wsxcde3
q1w2e3r4t5y6 a1b2c3d4e5f6 abcdefghijkl abcdefghijklm 123456789012 1234567890123 12345678901234
098765432109 0987654321 147258369 147258369147 159357159357 741852963 963852741 123654789
111111111111 000000000000 123123123123 121212121212 112233445566 123412341234 qwertyqwerty
aaaaaaaaaaaa abcabcabcabc passwordpassword iloveyouiloveyou qwerty123456 qwertyuiop123
asdfghjkl123 zxcvbnm123456 1234qwerasdf 1234qwerasdfzxcv qwer1234asdf abc123abc123
password1234 password12345 password123456 passwordpassword1 letmein12345 welcome12345 admin1234567
administrator1 administrator123 changeme1234 changemenow changeme123456 trustno1trustno1
""".split()

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "2020", "2021",
            "2022", "2023", "2024", "2025", "2026", "01", "69", "007", "99", "00"]


def variants(word: str):
    for suffix in SUFFIXES:
        yield word + suffix
        yield word.capitalize() + suffix


# What a 12-character minimum pushes people towards: a familiar word stretched with digits,
# a year and a "!" until it is long enough.
LONG_SUFFIXES = ["123456", "1234567", "12345678", "123456789", "2024!", "2025!", "2026!",
                 "1234!", "12345!", "!!!", "@2024", "@2025", "#2024", "_2024", "_2025"]
YEARS = range(1950, 2011)


def stretched(word: str):
    """Longer forms of a common word: with digit runs and years (birth years for names)."""
    for suffix in LONG_SUFFIXES:
        for form in (word, word.capitalize()):
            yield form + suffix
    if len(word) >= 7:
        for year in YEARS:
            yield f"{word}{year}"


def main() -> None:
    seen: dict[str, None] = {}
    for word in TOP + DANISH + WALKS:
        seen.setdefault(word.casefold(), None)
    for word in TOP + DANISH:
        for variant in variants(word):
            seen.setdefault(variant.casefold(), None)
    for word in TOP + DANISH:
        if word.isalpha():
            for variant in stretched(word):
                seen.setdefault(variant.casefold(), None)
    for a in ("hej", "kode", "pass", "love", "jeg", "min"):
        for b in ("meddig", "ord", "word", "you", "elskerdig", "kode", "hund", "kat"):
            for suffix in ("", "123", "1234", "12345", "2024", "2025"):
                seen.setdefault(f"{a}{b}{suffix}".casefold(), None)
    header = ["# Common passwords, one a line, compared case-insensitively.",
              "# Generated by scripts/make-common-passwords.py; edit the seeds there, not this file."]
    OUT.write_text("\n".join(header + list(seen)) + "\n", encoding="utf-8")
    long_enough = sum(len(p) >= 12 for p in seen)
    print(f"{len(seen)} passwords written to {OUT} ({long_enough} of 12 characters or more)")


if __name__ == "__main__":
    main()
