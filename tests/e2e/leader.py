"""A scripted group leader on a phone: every control they touch, every key they press, every screen they see.

The counts are the measure of issue 15's "short path": `controls` is the number of distinct controls the
leader acts on (a field filled, a box ticked, an option chosen, a button pressed), `keystrokes` the
characters typed, and `screens` the number of phone screens (viewport heights) the path spans, from the
top of the first control touched to the bottom of the last one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Leader:
    """Drives a page the way a person does, and counts what it took."""

    page: object
    touched: list[str] = field(default_factory=list)
    keystrokes: int = 0
    spans: list[tuple[float, float]] = field(default_factory=list)

    def _note(self, selector: str, count: bool = True) -> object:
        locator = self.page.locator(selector).first
        locator.scroll_into_view_if_needed()
        box = locator.evaluate(
            "el => { const r = el.getBoundingClientRect(); return [r.top + window.scrollY, r.bottom + window.scrollY]; }"
        )
        self.spans.append((box[0], box[1]))
        if count and selector not in self.touched:
            self.touched.append(selector)
        return locator

    def type(self, selector: str, text: str) -> None:
        """Type `text` into a field (one keystroke per character)."""
        self._note(selector).fill(text)
        self.keystrokes += len(text)

    def tick(self, selector: str) -> None:
        """Tick a box or choose a radio button."""
        self._note(selector).check()

    def choose(self, selector: str, value: str) -> None:
        """Pick an option of a list."""
        self._note(selector).select_option(value)

    def press(self, selector: str) -> None:
        """Press a button."""
        self._note(selector).click()

    def seen(self, selector: str) -> None:
        """A control the leader must reach without touching it (the send button they read)."""
        self._note(selector, count=False)

    @property
    def controls(self) -> int:
        return len(self.touched)

    @property
    def screens(self) -> int:
        height = self.page.viewport_size["height"]
        top = min(start for start, _ in self.spans)
        bottom = max(end for _, end in self.spans)
        return max(1, math.ceil((bottom - top) / height))

    def report(self) -> dict[str, int]:
        return {"screens": self.screens, "controls": self.controls, "keystrokes": self.keystrokes}
