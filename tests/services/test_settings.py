"""A board's settings."""

import pytest

from helpboard.extensions import db
from helpboard.models import AuditEntry
from helpboard.services import settings
from helpboard.services.errors import NotAllowed


def test_only_what_changed_is_logged(neighbours):
    board, ann, ben, cara = neighbours
    values = settings.BoardSettings.of(board)
    assert settings.update_settings(ann, board, values) == []
    values.public_summary, values.contact_phone = True, "020 7946 0000"
    assert settings.update_settings(ann, board, values) == [
        "the public summary on", "the noticeboard phone number"]
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 1
    with pytest.raises(NotAllowed):
        settings.update_settings(ben, board, values)
