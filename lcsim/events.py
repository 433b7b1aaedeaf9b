"""The narrative event log: what a teacher would want to point at, in plain language."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def counted(count: int, noun: str) -> str:
    """A count with its noun in the right number: "1 member", "3 members", "0 weeks"."""
    return f"{count} {noun}{'s' * (count != 1)}"


@dataclass(frozen=True)
class Event:
    """One notable happening: the week, a kind, who (or 'community'), a sentence, and
    the community (0 ... K-1) it happened in."""

    week: int
    kind: str
    who: str
    text: str
    community: int = 0

    def __str__(self) -> str:
        return f"week {self.week:>3}  {self.kind:<20} {self.text}"


class EventLog(list):
    """A list of Events with a helper to add one and to export them as records."""

    def add(self, week: int, kind: str, who: str, text: str, community: int = 0) -> Event:
        event = Event(week, kind, who, text, int(community))
        self.append(event)
        return event

    def of_kind(self, kind: str) -> list[Event]:
        return [e for e in self if e.kind == kind]

    def of_community(self, k: int) -> list[Event]:
        """The events of community k, in the order they happened."""
        return [e for e in self if e.community == k]

    def records(self) -> list[dict]:
        return [asdict(e) for e in self]
