"""The map, in AppTest: a legend in the normal view, switchable precision rings and place names."""

from __future__ import annotations

from test_app import EVENTS, db, deck_spec, run  # noqa: F401

SYRIA_TROOPS = EVENTS["About 2,000 US troops deployed in Syria"]  # a country-level place


def layer_ids(at) -> set[str]:
    return {l["id"] for l in deck_spec(at)["layers"]}


def legend(at) -> str:
    return " ".join(h.proto.body for h in at.get("html") if "large ring" in h.proto.body or "hollow mark" in h.proto.body
                    or "border-radius:50%" in h.proto.body)


def test_the_normal_view_has_a_legend_of_types_and_rings(db):
    at = run()
    text = legend(at)
    assert "arrest (2)" in text and "large ring = region/country-level location" in text


def test_rings_switch_off_and_the_legend_and_url_follow(db):
    at = run()
    assert "precision" in layer_ids(at)
    at.toggle(key="map_rings").set_value(False).run()
    assert "precision" not in layer_ids(at)
    assert "rings off" in legend(at) and "large ring" not in legend(at)
    assert at.query_params.get("rings") in ("0", ["0"])
    assert "precision" not in layer_ids(run({"rings": "0"}))


def test_place_names_are_written_on_the_map_and_can_be_hidden(db):
    at = run()
    (labels,) = [l for l in deck_spec(at)["layers"] if l["id"] == "labels"]
    names = {r["text"] for r in labels["data"]}
    # the sample's places; from Paris to Moscow to Kirkuk the map is zoomed out, so of the
    # places close together in Syria and Iraq only the names that do not overlap are written
    assert {"Paris", "Krasnogorsk"} <= names <= {e.place_name for e in EVENTS.values()} and len(names) >= 3
    at.toggle(key="map_labels").set_value(False).run()
    assert "labels" not in layer_ids(at)
    assert at.query_params.get("labels") in ("0", ["0"])


def test_an_unreachable_online_basemap_says_so_and_keeps_the_outlines(db, monkeypatch):
    import socket

    from dashboard import map as dmap

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/style.json"
    monkeypatch.setattr(dmap, "ONLINE_STYLE_URL", url)
    at = run({"basemap": "online"})
    warnings = " ".join(w.value for w in at.warning)
    assert "online basemap is not available" in warnings and url in warnings
    assert deck_spec(at)["mapStyle"] == dmap.OFFLINE_STYLE_URL


def test_the_map_can_be_downloaded_as_a_png(db):
    at = run()
    assert [b for b in at.get("download_button") if b.proto.label == "Map PNG"]
    assert not [b for b in run({"present": "1"}).get("download_button") if b.proto.label == "Map PNG"]
