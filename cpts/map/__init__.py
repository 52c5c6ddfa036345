"""The map of the region's communes coloured by the stage of their CPTS, drawn on the server as inline SVG.

No tiles, no JavaScript, no external file: the SVG is part of the HTML, so the dashboard, the map page and
the PDF report (WeasyPrint) draw the same thing. Colours are attributes, not styles; hovering a territory
shows its CPTS (a `<title>` per CPTS group, read by screen readers too).

- `geometry`: the communes projected once per process (`region_geometry`, `clear_cache`);
- `drawing`: the map of one date (`build_map`), its colours and its legend; the SVG itself is written by the
  template `cpts/map/region_map.svg` (and its `_defs`, `_legend` includes), which escapes every name.

A map costs two queries — the key of the projected communes and the territories of the CPTS — plus one
when the communes changed since the last map.
"""

from cpts.map.drawing import (
    NO_CPTS_COLOUR,
    SHORT_STAGE_LABELS,
    STAGE_COLOURS,
    UNKNOWN_STAGE,
    UNKNOWN_STAGE_COLOUR,
    LegendItem,
    MapCPTS,
    RegionMap,
    build_map,
    territories,
)
from cpts.map.geometry import Geometry, clear_cache, project, region_geometry

__all__ = [
    "NO_CPTS_COLOUR",
    "SHORT_STAGE_LABELS",
    "STAGE_COLOURS",
    "UNKNOWN_STAGE",
    "UNKNOWN_STAGE_COLOUR",
    "Geometry",
    "LegendItem",
    "MapCPTS",
    "RegionMap",
    "build_map",
    "clear_cache",
    "project",
    "region_geometry",
    "territories",
]
