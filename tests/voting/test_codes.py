import math

import pytest
from sqlmodel import select

from tests.factories import create_round
from webapp.voting.codes import (
    ALPHABET,
    CODE_LENGTH,
    derived_code,
    format_code,
    hash_code,
    new_code,
    normalise_code,
)
from webapp.voting.models import BallotCode


def test_codes_carry_at_least_60_bits_and_no_look_alikes():
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 60
    assert not set("ILOU") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)


@pytest.mark.parametrize(
    "typed",
    [
        "7K2M-Q9PD-XR4T",
        "7k2m q9pd xr4t",
        " 7K2MQ9PDXR4T ",
        "7k2m-q9pd-xr4t",
        "7K2M.Q9PD.XR4T",
        "7K2M\u2013Q9PD\u2014XR4T",  # en and em dashes
        "7K2M\u2011Q9PD\u00a0XR4T",  # a non-breaking hyphen and space
        "7K2M/Q9PD/XR4T",
        "\uff17\uff2b\uff12\uff2d-Q9PD-XR4T",  # full-width, from a CJK keyboard
        "\u0667K\u0662M-Q\u0669PD-XR\u0664T",  # Arabic-Indic digits
        "https://menu.example.gov.uk/areas/ashworth-estate/vote?code=7K2M-Q9PD-XR4T",
        "menu.example.gov.uk/areas/ashworth-estate/vote?code=7K2M-Q9PD-XR4T (from my letter)",
    ],
)
def test_typing_variations_are_forgiven(typed):
    assert normalise_code(typed) == "7K2MQ9PDXR4T"


def test_look_alike_letters_are_read_as_digits():
    assert normalise_code("O1IL-0000-0000") == normalise_code("0111-0000-0000")


@pytest.mark.parametrize(
    "typed", ["", "7K2M", "7K2M-Q9PD-XR4T-9", "7K2M-Q9PD-XR4!", "ÅÅÅÅ-ÅÅÅÅ-ÅÅÅÅ"]
)
def test_malformed_codes_are_refused(typed):
    assert normalise_code(typed) is None


def test_format_groups_in_fours():
    assert format_code("7K2MQ9PDXR4T") == "7K2M-Q9PD-XR4T"


def test_hashes_are_keyed(app):
    with app.app_context():
        first = hash_code("7K2MQ9PDXR4T")
        app.config["BALLOT_CODE_KEY"] = "another key entirely"
        try:
            assert hash_code("7K2MQ9PDXR4T") != first
        finally:
            app.config["BALLOT_CODE_KEY"] = ""


def test_only_hashes_are_stored(app, db_session):
    with app.app_context():
        voting_round, _, codes = create_round(db_session, voters=2)
    stored = set(
        db_session.exec(select(BallotCode.code_hash).where(BallotCode.round_id == voting_round.id))
    )
    assert len(stored) == 2
    for printed in codes:
        assert normalise_code(printed) not in stored
        assert not any(normalise_code(printed) in h for h in stored)


def test_derived_codes_are_reproducible_and_valid():
    code = derived_code(b"seed", "uprn:0")
    assert code == derived_code(b"seed", "uprn:0") != derived_code(b"seed", "uprn:1")
    assert normalise_code(code) == code
