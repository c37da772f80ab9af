"""Database models. Import from here: ``from helpboard.models import Post``."""

from helpboard.models.base import utcnow
from helpboard.models.board import Board, Membership, MembershipStatus, Role
from helpboard.models.helpers import ConsentMethod, HelperLink
from helpboard.models.ledger import LedgerEntry, Thanks
from helpboard.models.moderation import AuditEntry, KioskLink, Report, ReportState
from helpboard.models.post import CATEGORIES, Post, PostKind, PostState, Response, ResponseState
from helpboard.models.sync import AppliedWrite
from helpboard.models.user import User

__all__ = [
    "AuditEntry",
    "ConsentMethod",
    "HelperLink",
    "KioskLink",
    "Report",
    "ReportState",
    "CATEGORIES",
    "AppliedWrite",
    "Board",
    "LedgerEntry",
    "Membership",
    "MembershipStatus",
    "Post",
    "PostKind",
    "PostState",
    "Response",
    "ResponseState",
    "Role",
    "Thanks",
    "User",
    "utcnow",
]
