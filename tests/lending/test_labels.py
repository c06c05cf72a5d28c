"""QR labels: the code on a kit's label decodes (with zxing-cpp) to the kit's page in the staff area."""
import re
from io import BytesIO
from xml.etree import ElementTree

import zxingcpp
from PIL import Image, ImageDraw

from app.lending import labels

from .web import BASE, add_kit, text

SQUARE = re.compile(r"M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+z")


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def rasterise(svg: bytes, scale: int = 8) -> Image.Image:
    """Draw the SVG that the page serves (qrcode's one-path format: a square per dark module)."""
    root = ElementTree.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    image = Image.new("L", (int(width * scale),) * 2, 255)
    draw = ImageDraw.Draw(image)
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    squares = SQUARE.findall(path)
    assert squares, "no modules found in the QR path"
    for x1, y1, x2, y2 in squares:
        draw.rectangle([float(x1) * scale, float(y1) * scale, float(x2) * scale - 1, float(y2) * scale - 1], fill=0)
    return image


def test_a_qr_png_decodes_to_the_kit_address():
    address = labels.kit_address("https://trinvis.aabenraa.dk", 7)
    assert address == "https://trinvis.aabenraa.dk/staff/lending/kits/7/"
    assert decode(Image.open(BytesIO(labels.qr_png(address)))) == [address]


def test_the_svg_has_no_script_or_style():
    svg = labels.qr_svg("https://trinvis.aabenraa.dk/staff/lending/kits/7/").decode()
    assert "<script" not in svg and "style=" not in svg and " on" not in svg.split("<path")[0]


def test_the_label_sheet_shows_a_decodable_code_for_each_kit(app, staff):
    app.config["BASE_URL"] = "https://trinvis.aabenraa.dk"
    first, second = add_kit(staff, "AAB-KIT-001"), add_kit(staff, "AAB-KIT-002")
    page = text(staff.get(f"{BASE}/labels"))
    for kit_id in (first, second):
        assert f'src="{BASE}/kits/{kit_id}/qr.svg' in page
    served = staff.get(f"{BASE}/kits/{second}/qr.svg")
    assert served.status_code == 200 and served.mimetype == "image/svg+xml"
    assert decode(rasterise(served.data)) == [f"https://trinvis.aabenraa.dk{BASE}/kits/{second}/"]
    # the printed address opens the kit's page (for a logged-in member of staff)
    kit_page = text(staff.get(f"{BASE}/kits/{second}/"))
    assert "Sæt AAB-KIT-002" in kit_page


def test_one_kit_s_label_alone(staff):
    first, second = add_kit(staff, "AAB-KIT-001"), add_kit(staff, "AAB-KIT-002")
    page = text(staff.get(f"{BASE}/labels?kit={second}"))
    sheet = page.split('class="sheet"')[1]
    assert "AAB-KIT-002" in sheet and "AAB-KIT-001" not in sheet


def test_the_qr_image_needs_a_login(client):
    response = client.get(f"{BASE}/kits/1/qr.svg")
    assert response.status_code == 302 and "/staff/login" in response.location
