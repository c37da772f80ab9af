"""Checks every rendered page the way GOV.UK's tests do: the basics a screen reader user needs."""

from html.parser import HTMLParser

SKIP_INPUTS = {"hidden", "submit", "button", "image", "reset"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.h1 = 0
        self.title = ""
        self.in_title = False
        self.labels_for: set[str] = set()
        self.label_depth = 0
        self.unlabelled: list[str] = []
        self.fields: list[tuple[str, bool, bool]] = []  # id, wrapped in label, has aria-label
        self.inline_scripts = 0
        self.inline_styles = 0
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline_styles += 1
        self._element(tag, attrs)

    def _element(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labels_for.add(attrs["for"])
        elif tag == "style":
            self.inline_styles += 1
        elif tag == "script":
            if not attrs.get("src") and attrs.get("type") != "application/json":
                self.inline_scripts += 1
        elif tag in ("input", "select", "textarea"):
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        if tag == "input" and attrs.get("type", "text") in SKIP_INPUTS:
            return
        self.fields.append((attrs.get("id", ""), self.label_depth > 0,
                            bool(attrs.get("aria-label") or attrs.get("aria-labelledby"))))

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "label":
            self.label_depth -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def page_problems(html: str) -> list[str]:
    """Return what is wrong with a page, in words; an empty list for a good page."""
    parser = _PageParser()
    parser.feed(html)
    problems = []
    if not parser.title.strip():
        problems.append("no <title>")
    if parser.h1 != 1:
        problems.append(f"{parser.h1} <h1> elements (want exactly one)")
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    for field_id, wrapped, aria in parser.fields:
        if not (wrapped or aria or (field_id and field_id in parser.labels_for)):
            problems.append(f"input without a label: id={field_id!r}")
    if parser.inline_scripts:
        problems.append("inline <script> (blocked by the Content-Security-Policy)")
    if parser.inline_styles:
        problems.append("inline style or event handler (blocked by the Content-Security-Policy)")
    return problems
