"""Every table model, imported so that SQLModel.metadata knows them all."""

from webapp.areas.models import (  # noqa: F401
    Area,
    AreaPostcodeDistrict,
    Council,
    Menu,
    MenuCondition,
    MenuFunction,
    MenuLevel,
    MenuOption,
    MenuVersion,
)
from webapp.audit.models import AuditEvent  # noqa: F401
from webapp.auth.models import PasswordReset, SignIn, User  # noqa: F401
from webapp.claims.models import Claim, ConditionCheck, Evidence, MonitoringReport  # noqa: F401
from webapp.groups.models import Group, Invitation, Membership  # noqa: F401
from webapp.ledger.models import (  # noqa: F401
    Account,
    ChainHead,
    Delegation,
    Instalment,
    InstalmentApproval,
    LedgerEntry,
    LedgerTransaction,
    RebateHousehold,
    RebatePosting,
)
from webapp.notifications.models import Notification  # noqa: F401
from webapp.voting.models import (  # noqa: F401
    Ballot,
    BallotChoice,
    BallotCode,
    Household,
    VotingRound,
)
