"""A WMS server's capabilities are read with Qt's XML stream reader: CRS inherited from parent
layers (WMS 1.3.0 and 1.1.1), and a document that declares entities (the "billion laughs", an
external file) refused before anything is expanded."""
from __future__ import annotations

import pytest
from flair_qgis.qgis_glue.layers.wms import CapabilitiesError, offered_crs

WMS_130 = b"""<?xml version="1.0" encoding="UTF-8"?>
<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms">
  <Service><Name>WMS</Name></Service>
  <Capability>
    <Layer><Title>root</Title><CRS>EPSG:2154</CRS><CRS>EPSG:4326</CRS>
      <Layer><Name>HR.ORTHOIMAGERY.ORTHOPHOTOS</Name><CRS>EPSG:3857</CRS></Layer>
      <Layer><Name>ORTHOIMAGERY.ORTHOPHOTOS.IRC</Name></Layer>
    </Layer>
  </Capability>
</WMS_Capabilities>"""

WMS_111 = b"""<?xml version="1.0"?>
<!DOCTYPE WMT_MS_Capabilities SYSTEM "http://schemas.opengis.net/wms/1.1.1/WMS_MS_Capabilities.dtd">
<WMT_MS_Capabilities version="1.1.1"><Capability>
  <Layer><SRS>EPSG:2154 EPSG:4326</SRS><Layer><Name>ortho</Name></Layer></Layer>
</Capability></WMT_MS_Capabilities>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<WMS_Capabilities><Capability><Layer><Name>&lol2;</Name><CRS>EPSG:2154</CRS></Layer></Capability></WMS_Capabilities>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<WMS_Capabilities><Capability><Layer><Name>&secret;</Name></Layer></Capability></WMS_Capabilities>"""


def test_crs_are_inherited_from_parent_layers():
    found = offered_crs(WMS_130, ["HR.ORTHOIMAGERY.ORTHOPHOTOS", "ORTHOIMAGERY.ORTHOPHOTOS.IRC", "nope"])
    assert found == {"HR.ORTHOIMAGERY.ORTHOPHOTOS": {"EPSG:2154", "EPSG:4326", "EPSG:3857"},
                     "ORTHOIMAGERY.ORTHOPHOTOS.IRC": {"EPSG:2154", "EPSG:4326"}}


def test_wms_111_with_its_dtd_reference_is_read_without_fetching_it():
    assert offered_crs(WMS_111, ["ortho"]) == {"ortho": {"EPSG:2154", "EPSG:4326"}}


@pytest.mark.parametrize("document", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_declared_entities_are_refused(document):
    with pytest.raises(CapabilitiesError, match="declares entities"):
        offered_crs(document, ["lollollol"])


@pytest.mark.parametrize("document", [b"<html><body>Service unavailable", b""])
def test_not_xml_is_an_error(document):
    with pytest.raises(CapabilitiesError):
        offered_crs(document, ["ortho"])
