"""Small ACLED and GDELT files in the exact column layouts, written for the interop tests."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from events.interop.gdelt import COLUMNS as GDELT_COLUMNS
from events.interop.tables import acled_tables

ACLED_HEADER = list(acled_tables().columns)

# Rows of several regions, all three time and geo precisions, assoc actors, both date forms.
ACLED_GOOD = [
    dict(event_id_cnty="SYR45012", event_date="2024-03-22", year="2024", time_precision="1",
         disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash",
         actor1="Military Forces of Syria (2000-2024)", assoc_actor_1="", inter1="1",
         actor2="Hayat Tahrir al-Sham", assoc_actor_2="Turkistan Islamic Party", inter2="2",
         interaction="12", civilian_targeting="", iso="760", region="Middle East", country="Syria",
         admin1="Idlib", admin2="Ariha", admin3="Ariha", location="Kafr Lata", latitude="35.7603",
         longitude="36.6197", geo_precision="1", source="Syrian Observatory for Human Rights",
         source_scale="Other", notes="On 22 March 2024, regime forces clashed with HTS near Kafr Lata. "
         "Three fighters were killed.", fatalities="3", tags="", timestamp="1711412345"),
    dict(event_id_cnty="IRQ31877", event_date="12 March 2024", year="2024", time_precision="2",
         disorder_type="Political violence", event_type="Explosions/Remote violence",
         sub_event_type="Air/drone strike", actor1="Military Forces of Turkey (2016-)",
         assoc_actor_1="", inter1="8", actor2="PKK: Kurdistan Workers Party", assoc_actor_2="",
         inter2="2", interaction="28", civilian_targeting="", iso="368", region="Middle East",
         country="Iraq", admin1="Duhok", admin2="Amedi", admin3="", location="Amedi",
         latitude="37.0928", longitude="43.4877", geo_precision="2", source="Rudaw; Kurdistan 24",
         source_scale="National-Regional", notes="Around 12 March 2024 (week of), a Turkish drone "
         "struck suspected PKK positions near Amedi. No casualties reported.", fatalities="0",
         tags="", timestamp="1711412345"),
    dict(event_id_cnty="LBY9120", event_date="2024-02-15", year="2024", time_precision="3",
         disorder_type="Demonstrations", event_type="Protests", sub_event_type="Peaceful protest",
         actor1="Protesters (Libya)", assoc_actor_1="Students (Libya); Teachers (Libya)", inter1="6",
         actor2="", assoc_actor_2="", inter2="0", interaction="60", civilian_targeting="",
         iso="434", region="Northern Africa", country="Libya", admin1="Tripoli", admin2="",
         admin3="", location="Tripoli", latitude="32.8872", longitude="13.1913", geo_precision="3",
         source="Libya Observer", source_scale="National", notes="In February 2024, students and "
         "teachers demonstrated in Tripoli for higher salaries.", fatalities="0",
         tags="crowd size=around 200", timestamp="1711412345"),
    dict(event_id_cnty="MLI3305", event_date="2024-01-09", year="2024", time_precision="1",
         disorder_type="Political violence", event_type="Violence against civilians",
         sub_event_type="Abduction/forced disappearance", actor1="JNIM: Group for Support of Islam and Muslims",
         assoc_actor_1="", inter1="2", actor2="Civilians (Mali)", assoc_actor_2="", inter2="7",
         interaction="27", civilian_targeting="Civilian targeting", iso="466", region="Western Africa",
         country="Mali", admin1="", admin2="", admin3="", location="Mali", latitude="17.5707",
         longitude="-3.9962", geo_precision="3", source="Studio Tamani", source_scale="National",
         notes="On 9 January 2024, JNIM abducted two traders on a road in Mali.", fatalities="0",
         tags="", timestamp="1711412345"),
    dict(event_id_cnty="YEM88001", event_date="2024-04-02", year="2024", time_precision="1",
         disorder_type="Strategic developments", event_type="Strategic developments",
         sub_event_type="Arrests", actor1="Police Forces of Yemen (2017-) Supreme Political Council",
         assoc_actor_1="", inter1="1", actor2="Civilians (Yemen)", assoc_actor_2="", inter2="7",
         interaction="17", civilian_targeting="", iso="887", region="Middle East", country="Yemen",
         admin1="Amanat al Asimah", admin2="Maain", admin3="", location="Sanaa", latitude="15.3531",
         longitude="44.2078", geo_precision="1", source="Al Masirah", source_scale="National",
         notes="=On 2 April 2024, Houthi police arrested a journalist in Sanaa.", fatalities="0",
         tags="", timestamp="1711412345"),
]

# Bad rows: (cells, field named in the report)
ACLED_BAD = [
    (dict(ACLED_GOOD[0], event_id_cnty="SYR45013", latitude=""), "latitude"),
    (dict(ACLED_GOOD[0], event_id_cnty="SYR45014", event_type="Skirmishes", sub_event_type="Border skirmish"),
     "sub_event_type"),
    (dict(ACLED_GOOD[0], event_id_cnty="SYR45015", event_date="31 February 2024"), "event_date"),
]


def acled_csv(rows: list[dict[str, str]], *, three_column_row_after: int | None = None) -> str:
    """An ACLED export: the full header, then the rows (optionally a 3-column row after row N)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(ACLED_HEADER)
    for i, row in enumerate(rows):
        w.writerow([row.get(c, "") for c in ACLED_HEADER])
        if three_column_row_after == i:
            w.writerow(["SYR45016", "2024-03-23", "2024"])
    return buf.getvalue()


def write_acled_with_bad_rows(path: Path) -> dict[int, str]:
    """Good rows, then the bad ones and a 3-column row; returns {line: field} of the bad rows."""
    rows = ACLED_GOOD[:2] + [r for r, _ in ACLED_BAD] + ACLED_GOOD[2:]
    path.write_text(acled_csv(rows, three_column_row_after=2), encoding="utf-8")
    # line 1 is the header; rows 0,1 → lines 2,3; bad rows on 4, (3-column row on 5), 6, 7
    return {4: "latitude", 5: "row", 6: "sub_event_type", 7: "event_date"}


def gdelt_row(**values: str) -> list[str]:
    """A 61-column GDELT 2.0 event row (empty cells for the columns not given)."""
    base = dict(GLOBALEVENTID="1168834981", SQLDATE="20240322", MonthYear="202403", Year="2024",
                FractionDate="2024.2219", IsRootEvent="1", QuadClass="4", GoldsteinScale="-10.0",
                NumMentions="10", NumSources="1", NumArticles="10", AvgTone="-6.5",
                DATEADDED="20240322153000")
    base.update(values)
    return [base.get(c, "") for c in GDELT_COLUMNS]


GDELT_ROWS = [
    gdelt_row(GLOBALEVENTID="1168834981", Actor1Code="SYRMIL", Actor1Name="SYRIA", Actor2Code="SYRREB",
              Actor2Name="REBEL", EventCode="190", EventBaseCode="190", EventRootCode="19",
              ActionGeo_Type="4", ActionGeo_FullName="Idlib, Idlib, Syria", ActionGeo_CountryCode="SY",
              ActionGeo_ADM1Code="SY12", ActionGeo_Lat="35.9306", ActionGeo_Long="36.6339",
              ActionGeo_FeatureID="-2794935", NumMentions="14",
              SOURCEURL="https://www.example-news.com/syria/idlib-clashes"),
    gdelt_row(GLOBALEVENTID="1168834982", Actor1Code="TURMIL", Actor1Name="TURKEY", EventCode="195",
              EventBaseCode="195", EventRootCode="19", ActionGeo_Type="4",
              ActionGeo_FullName="Zakho, Dahuk, Iraq", ActionGeo_CountryCode="IZ", ActionGeo_ADM1Code="IZ15",
              ActionGeo_Lat="37.1436", ActionGeo_Long="42.6819", ActionGeo_FeatureID="-3104445",
              NumMentions="3", SOURCEURL="https://www.example-kurdish.net/2024/03/22/drone"),
    gdelt_row(GLOBALEVENTID="1168834983", Actor1Code="ISRPOL", Actor1Name="ISRAEL", Actor2Code="PSE",
              Actor2Name="PALESTINIAN", EventCode="173", EventBaseCode="173", EventRootCode="17",
              ActionGeo_Type="4", ActionGeo_FullName="Jenin, West Bank, Occupied Palestinian Territory",
              ActionGeo_CountryCode="WE", ActionGeo_Lat="32.4611", ActionGeo_Long="35.3", NumMentions="6",
              SOURCEURL="https://www.example-wire.org/jenin-arrests"),
    gdelt_row(GLOBALEVENTID="1168834984", Actor1Name="GAZA", EventCode="1831", EventBaseCode="183",
              EventRootCode="18", ActionGeo_Type="1", ActionGeo_FullName="Gaza", ActionGeo_CountryCode="GZ",
              ActionGeo_Lat="31.4167", ActionGeo_Long="34.3333", NumMentions="2",
              SOURCEURL="https://www.example-wire.org/gaza-bombing"),
    # not events of Marsad's kinds: 036 (express intent to meet, root 03) and 0874 (root 08, yield)
    gdelt_row(GLOBALEVENTID="1168834985", Actor1Name="FRANCE", Actor2Name="LEBANON", EventCode="036",
              EventBaseCode="036", EventRootCode="03", ActionGeo_Type="4",
              ActionGeo_FullName="Paris, Ile-de-France, France", ActionGeo_CountryCode="FR",
              ActionGeo_Lat="48.8667", ActionGeo_Long="2.3333", SOURCEURL="https://www.example-news.com/a"),
    gdelt_row(GLOBALEVENTID="1168834986", Actor1Name="UNITED STATES", EventCode="0874", EventBaseCode="087",
              EventRootCode="08", ActionGeo_Type="2", ActionGeo_FullName="Virginia, United States",
              ActionGeo_CountryCode="US", ActionGeo_Lat="37.768", ActionGeo_Long="-78.2057",
              SOURCEURL="https://www.example-news.com/b"),
    gdelt_row(GLOBALEVENTID="1168834987", Actor1Name="EGYPT", Actor2Name="QATAR", EventCode="040",
              EventBaseCode="040", EventRootCode="04", ActionGeo_Type="4",
              ActionGeo_FullName="Cairo, Al Qahirah, Egypt", ActionGeo_CountryCode="EG",
              ActionGeo_Lat="30.05", ActionGeo_Long="31.25", NumMentions="20",
              SOURCEURL="https://www.example-news.com/cairo-talks"),
]
GDELT_IMPORTED = {"1168834981": "armed_clash", "1168834982": "airstrike", "1168834983": "arrest",
                  "1168834984": "bombing", "1168834987": "meeting"}


def gdelt_text(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


def write_gdelt(path: Path, rows: list[list[str]], *, zipped: bool = False) -> Path:
    """A GDELT events file (``….export.CSV``, or that file inside ``….export.CSV.zip``)."""
    text = gdelt_text(rows)
    if not zipped:
        path.write_text(text, encoding="utf-8")
        return path
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(path.name[:-4], text)
    return path
