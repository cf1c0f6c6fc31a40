"""Losses: every entry counted, the first ones kept to list, the first real loss always."""

from desktop.formats.losses import Losses


def test_every_entry_is_counted_past_the_kept_ones():
    """Past `keep` entries only the counts grow; the summary and the first loss are exact."""
    losses = Losses(keep=3)
    for n in range(4):
        losses.skip("f.json", n, "duplicate span", f"#{n}")
    for n in range(5):
        losses.lose("f.json", 10 + n, "attribute", f"a{n}")
    assert len(losses) == 9 and len(losses.items) == 3 and losses.not_listed == 6
    assert losses.lost == []  # none of the kept entries is a real loss ...
    assert losses.lost_count == 5  # ... but they were counted
    assert str(losses.first_lost) == "f.json:10: attribute not carried: a0"
    assert losses.summary() == "not carried: 5 attribute(s); skipped: 4 duplicate span(s)"


def test_keep_none_keeps_every_entry():
    """`keep=None` (the CLI's -v) lists them all."""
    losses = Losses(keep=None)
    for n in range(12_000):
        losses.lose("x", n, "note", "n")
    assert len(losses.items) == 12_000 and losses.not_listed == 0
    assert not Losses() and bool(losses)
