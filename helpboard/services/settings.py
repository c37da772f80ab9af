"""A board's settings, as its coordinators change them."""

from dataclasses import dataclass, fields

from helpboard.models import Board, User
from helpboard.services import audit, boards
from helpboard.services.errors import Invalid

SWITCHES = {
    "requires_approval": "join approval",
    "time_credits": "time credits",
    "public_summary": "the public summary",
}
TEXTS = {
    "name": "the name",
    "area_description": "the area description",
    "contact_phone": "the noticeboard phone number",
}


@dataclass
class BoardSettings:
    """What a coordinator can change about a board."""

    name: str
    area_description: str
    requires_approval: bool
    time_credits: bool
    public_summary: bool
    contact_phone: str

    @classmethod
    def of(cls, board: Board) -> "BoardSettings":
        """Return the board's current settings."""
        return cls(**{f.name: getattr(board, f.name) for f in fields(cls)})


def update_settings(coordinator: User, board: Board, settings: BoardSettings) -> list[str]:
    """Change the board's settings; return what changed, in words, for the audit log."""
    boards.require_coordinator(board, coordinator)
    if not settings.name.strip():
        raise Invalid("Enter a name for the board.", {"name": "Enter a name for the board"})
    changes = []
    for field in fields(BoardSettings):
        new = getattr(settings, field.name)
        if getattr(board, field.name) != new:
            setattr(board, field.name, new)
            changes.append(describe_change(field.name, new))
    if changes:
        audit.record(coordinator, "board.settings",
                     f"{coordinator.display_name} changed the settings: {', '.join(changes)}.",
                     board=board, changed=changes)
    return changes


def describe_change(name: str, value) -> str:
    """Say one change in words: "join approval on", "the name"."""
    if name in SWITCHES:
        return f"{SWITCHES[name]} {'on' if value else 'off'}"
    return TEXTS[name]
