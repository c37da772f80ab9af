"""Command-line tasks: ``flask demo`` seeds a demo board."""

from datetime import date, timedelta
from decimal import Decimal

import click
from flask import Flask
from sqlalchemy import select

from helpboard.extensions import db
from helpboard.models import Board, ConsentMethod, Membership, PostKind, Role, User, utcnow
from helpboard.services import helpers, ledger, matches
from helpboard.services import posts as post_rules
from helpboard.services.actor import Actor
from helpboard.services.posts import PostFields

DEMO_PASSWORD = "demo-password"
DEMO_PEOPLE = [
    # email, name, area, skills, role
    ("ann@example.org", "Ann Okafor", "Elm Court", "Forms and letters, a chat, gardening",
     Role.COORDINATOR),
    ("ben@example.org", "Ben Hughes", "Demo Street, north end", "Driving, shopping, DIY",
     Role.MEMBER),
    ("cara@example.org", "Cara Lewis", "Demo Street, by the shop", "Cooking, sewing", Role.MEMBER),
    ("dev@example.org", "Dev Shah", "Oak Block", "Fixing bikes, phones and computers",
     Role.MEMBER),
]

DEMO_POSTS = [
    # author, kind, title, details, category, location, hours, days from now
    (2, "request", "Change a light bulb in the hallway",
     "The ceiling is high and I can't manage the ladder any more.", "repairs", "Demo Street",
     "0.5", None),
    (2, "request", "Fit lighter curtains in the bedroom",
     "The old ones are too heavy for me to draw. I have the new ones.", "repairs",
     "Demo Street, by the shop", "1.5", None),
    (0, "request", "Pick up a prescription from the chemist",
     "It is ready on Tuesday at the chemist on the corner.", "shopping", "Elm Court", "0.5", 3),
    (3, "request", "Help with a letter from the council",
     "About my parking permit; I'd like someone to read it with me.", "forms", "Oak Block",
     "1", None),
    (1, "offer", "I can give lifts to the GP or the hospital",
     "Weekday mornings. I have a car with a low seat.", "lifts", "Demo Street", "1.5", None),
    (3, "offer", "I can fix bikes", "Punctures, brakes, gears. Bring it round to the bike shed.",
     "repairs", "Oak Block", "1", None),
    (0, "offer", "Happy to sit and have a chat", "A cup of tea and a chat, any afternoon.",
     "visits", "Elm Court", "1", None),
    (3, "offer", "Help setting up a smartphone", "Video calls with family, the NHS app, photos.",
     "tech", "Oak Block", "1", None),
]


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(demo_command)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database has no boards.")
def demo_command(if_empty: bool) -> None:
    """Seed the board "Demo Street" and print the demo sign-ins."""
    if if_empty and db.session.scalar(select(Board.id).limit(1)) is not None:
        click.echo("The database already has boards: not seeding the demo again.")
    else:
        seed_demo()
        click.echo("Seeded the demo board 'Demo Street'.")
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, name, *_ in DEMO_PEOPLE:
        click.echo(f"  {email:<20} {name}")
    click.echo("  Mrs Patel has no sign-in: Ann acts for her (People I help).")
    click.echo("Invite code for Demo Street: DEMOSTRT")


def seed_demo() -> Board:
    """Create the demo board with neighbours, posts, a match and a finished exchange."""
    people = []
    for email, name, area, skills, _role in DEMO_PEOPLE:
        user = User(email=email, display_name=name, area=area, skills=skills,
                    phone="07700 900" + str(100 + len(people)),
                    address=f"{10 + len(people)} {area}", access_notes="Ring twice, please.")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        people.append(user)
    board = Board(slug="demo-street", name="Demo Street", invite_code="DEMOSTRT",
                  area_description="Demo Street, Elm Court and Oak Block", public_summary=True,
                  contact_phone="020 7946 0123")
    db.session.add(board)
    for user, (*_, role) in zip(people, DEMO_PEOPLE, strict=True):
        db.session.add(Membership(board=board, user=user, role=role))
    db.session.flush()
    created = [_demo_post(board, people, *row) for row in DEMO_POSTS]
    _demo_match(created[4], people[2], people[1])
    _demo_exchange(board, people)
    _demo_supported_member(board, people[0])
    db.session.commit()
    return board


def _demo_post(board, people, author, kind, title, details, category, location, hours, days):
    fields = PostFields(title=title, details=details, category=category, location=location,
                        hours_estimate=Decimal(hours),
                        needed_on=date.today() + timedelta(days=days) if days else None)
    return post_rules.create_post(Actor.for_self(people[author]), board, PostKind(kind), fields)


def _demo_match(offer, asker, offerer):
    response = matches.respond(Actor.for_self(asker), offer, "Could you take me on Thursday?")
    matches.accept(Actor.for_self(offerer), offer, response.id)


def _demo_exchange(board, people):
    cara, dev = people[2], people[3]
    fields = PostFields(title="Put together a bookshelf", details="Flat-pack, from the shop.",
                        category="repairs", location="Demo Street", hours_estimate=Decimal("1"),
                        needed_on=None)
    post = post_rules.create_post(Actor.for_self(cara), board, PostKind.REQUEST, fields)
    response = matches.respond(Actor.for_self(dev), post, "I have the tools.")
    matches.accept(Actor.for_self(cara), post, response.id)
    matches.mark_done(Actor.for_self(dev), post)
    ledger.confirm_hours(Actor.for_self(cara), post, Decimal("1.5"))
    ledger.thank(Actor.for_self(cara), post, "Thank you Dev, it looks great and took no time!")


def _demo_supported_member(board, ann):
    """Add Mrs Patel, who has no email: Ann acts for her, with her consent on record."""
    consent = helpers.Consent(given_by="Mrs Patel", method=ConsentMethod.IN_PERSON, at=utcnow(),
                              relationship_note="her neighbour and tenant rep")
    patel = helpers.create_supported_member(ann, board, "Mrs Patel", "Elm Court", consent).resident
    patel.address = "Flat 7, Elm Court"
    patel.access_notes = "Ground floor. Knock loudly: she is slow to the door."
    fields = PostFields(title="Post a birthday card for my grandson",
                        details="It has a stamp on. Please pick it up from my door and post it "
                        "by Thursday.", category="shopping", location="Elm Court",
                        hours_estimate=Decimal("0.5"), needed_on=None)
    actor = Actor(member=patel, by=ann)
    post = post_rules.create_post(actor, board, PostKind.REQUEST, fields)
    helpers.log_acted(actor, "post.create", post.id)
