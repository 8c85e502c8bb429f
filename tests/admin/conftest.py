import pytest

from tests.ledger.conftest import instalments, make_world, submitted_claim
from webapp.ledger.instalments import request_instalment

HX = {"HX-Request": "true"}


@pytest.fixture
def desk(app, db_session):
    """A world with one instalment requested and one claim submitted, and the officers."""
    world = make_world(app, db_session)
    first = instalments(db_session, world)[0]
    request_instalment(session=db_session, instalment_id=first.id, actor=world.treasurer)
    return world, first, submitted_claim(db_session, world)
