"""Above the mark cap (3,000 dated events) the timeline shows counts per bin; in a real headless
Chromium a clicked bin selects exactly as many events as its tooltip says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, settle

pytestmark = pytest.mark.e2e

PLOT = ".st-key-timeline_box .js-plotly-plot"
# The drawn bars, each with what its tooltip counts (customdata[5]) and its place on the page.
_BARS = """gd => {
  const r = gd.getBoundingClientRect(), out = [];
  gd.querySelectorAll('.cartesianlayer .barlayer .trace').forEach(tr => {
    const trace = tr.__data__[0].trace;
    tr.querySelectorAll('.point').forEach(p => {
      const b = p.getBoundingClientRect(), i = p.__data__.i;
      if (b.width >= 1.5 && b.height >= 6) out.push([trace.customdata[i][5], b.left + b.width / 2, b.top + b.height / 2]);
    });
  });
  return out;
}"""


@pytest.fixture(scope="module")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 4,000 synthetic events: over the cap, so the timeline draws counts."""
    path = tmp_path_factory.mktemp("bins") / "bins.db"
    subprocess.run([sys.executable, "-m", "events.cli", "synth", "--events", "4000", "--seed", "3", "--db", str(path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    return path


def test_a_clicked_bin_selects_the_events_its_tooltip_counts(open_page):
    page = open_page()
    plot = page.locator(PLOT).first
    plot.wait_for(timeout=60_000)
    assert "stacked by" in plot.inner_text()  # counts, not one mark per event
    bars = plot.evaluate(_BARS)
    assert len(bars) >= 5, bars
    count, x, y = max(bars, key=lambda b: b[0])  # the busiest bar: easy to hit
    page.mouse.click(x, y)
    info = page.locator(".st-key-selection_box").get_by_text("Selection from the timeline", exact=False)
    info.wait_for(timeout=60_000)
    settle(page)
    shown = re.search(r"Selection from the timeline: ([\d,]+) event", info.inner_text())
    assert shown and int(shown.group(1).replace(",", "")) == int(count), (info.inner_text(), count)


# Every legend entry's box against the legend's visible box: plotly clips a legend taller than the
# plot area and hides the rest behind a scroll bar.
LEGEND_CUT = """gd => {
  const bg = gd.querySelector('.legend .bg').getBoundingClientRect();
  const items = [...gd.querySelectorAll('.legend .traces')].map(t => t.getBoundingClientRect());
  return [items.length, items.filter(b => b.bottom > bg.bottom + 1 || b.top < bg.top - 1).length];
}"""


def test_the_counts_legend_shows_every_type_uncut(open_page):
    page = open_page()
    plot = page.locator(PLOT).first
    plot.wait_for(timeout=60_000)
    settle(page)
    entries, cut = plot.evaluate(LEGEND_CUT)
    assert entries >= 8 and cut == 0, (entries, cut)
