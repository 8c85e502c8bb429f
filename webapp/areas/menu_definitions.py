"""A menu as read from its file, before it is published: plain data."""

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass
class OptionDef:
    level: str
    budget_share_bp: int
    rebate_per_household_pence: int
    does: dict
    conditions: list[str]
    report_every_months: int = 0


@dataclass
class FunctionDef:
    key: str
    name: dict
    description: dict
    charge: dict
    cost_per_household_pence: int
    options: list[OptionDef] = field(default_factory=list)


@dataclass
class LevelDef:
    key: str
    rank: int
    name: dict
    description: dict


@dataclass
class MenuDefinition:
    key: str
    council: str
    name: dict
    description: dict
    levels: list[LevelDef]
    uplift_bp: list[int]
    conditions: dict[str, dict]
    functions: list[FunctionDef]
    source_name: str = ""

    def content_hash(self) -> str:
        """A digest of the content, the same however the file is laid out."""
        content = asdict(self)
        content.pop("source_name")
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class MenuFileError(Exception):
    """A menu file that cannot be loaded; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors
