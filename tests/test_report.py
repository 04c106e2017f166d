"""The HTML report: every chart, the largest rupiah figures with links back, and no network access at all."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.cli import main
from extract.report import CSP, render, rupiah, write_report
from extract.tables import tables

from .test_tables import RECORDS, write_jsonl

CHARTS = ["per-month", "regions", "rupiah-per-province", "officials", "figure-kinds"]
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
# Headless Chromium with every background service off, and no name resolving, so nothing can leave the machine.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND"]


class _Page(HTMLParser):
    """Sections with their charts, every URL-valued attribute, and the text of each table row."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.sections: dict[str, int] = {}
        self.urls: list[tuple[str, str, str]] = []
        self.rows: list[str] = []
        self._section = ""
        self._row: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self._section = values["id"] or ""
            self.sections[self._section] = 0
        elif tag == "svg":
            self.sections[self._section] += 1
        elif tag == "tr":
            self._row = []
        for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            if values.get(name) and not values[name].startswith("#"):
                self.urls.append((tag, name, values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append(" | ".join(" ".join(cell.split()) for cell in self._row if cell.strip()))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data)


@pytest.fixture(scope="module")
def page() -> str:
    return render(tables(RECORDS), title="Laporan uji")


def test_every_chart_is_an_inline_svg(page: str) -> None:
    sections = _Page(page).sections
    assert list(sections) == CHARTS + ["largest-rupiah"]
    assert all(sections[chart] == 1 for chart in CHARTS)
    assert "<title>Laporan uji</title>" in page


def test_charts_show_the_top_regions_provinces_and_officials(page: str) -> None:
    regions = page[page.index('id="regions"'):page.index('id="rupiah-per-province"')]
    assert regions.index("Kabupaten Bogor") < regions.index("Kota Bogor")
    provinces = page[page.index('id="rupiah-per-province"'):page.index('id="officials"')]
    assert provinces.index("Jawa Timur") < provinces.index("Jawa Barat")
    assert "Rp 2 trillion" in provinces and "Rp 6.3 billion" in provinces
    officials = page[page.index('id="officials"'):page.index('id="figure-kinds"')]
    assert officials.index("Dedi Mulyadi (Gubernur Jawa Barat)") < officials.index("Eri Cahyadi")
    kinds = page[page.index('id="figure-kinds"'):page.index('id="largest-rupiah"')]
    assert [label in kinds for label in ("75%", "25%", "0%")] == [True, True, True]


def test_largest_rupiah_figures_with_sentence_and_link_back(page: str) -> None:
    assert _Page(page).rows == [
        "Amount | Sentence | Article",
        "Rp 2 trillion | Proyek saluran air itu menelan biaya | sekitar Rp2 triliun | dan pinjaman US$2 juta. "
        "| surabaya-saluran",
        "Rp 4.3 billion | Pemprov Jabar menganggarkan | Rp4,3 miliar | untuk perbaikan jalan di Kabupaten Bogor. "
        "| Pemprov Jabar Siapkan Rp4,3 Miliar untuk Jalan Rusak di Bogor",
        "Rp 1.25 billion | Bantuan sosial senilai | Rp1,25 miliar | disalurkan kepada warga Kota Bogor dan Kabupaten "
        "Bogor. | bogor-bansos",
        "Rp 750 million | Sisanya, | Rp750 juta | , dialokasikan untuk 27 desa. | bogor-bansos",
    ]
    assert '<mark>sekitar Rp2 triliun</mark>' in page
    assert '<a href="https://contoh.co.id/berita/surabaya-saluran">surabaya-saluran</a>' in page
    assert "<code>bogor-bansos</code>" in page


def test_references_no_external_resource(page: str) -> None:
    links = {("a", "href", "https://contoh.co.id/berita/jabar-jalan"),
             ("a", "href", "https://contoh.co.id/berita/surabaya-saluran")}
    assert set(_Page(page).urls) == links  # only links back to the articles, which load nothing
    lowered = page.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered
    assert "url(" not in lowered.replace("url(#", "")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page


def test_text_from_records_is_escaped_and_never_read_as_markup_or_math() -> None:
    record = dict(RECORDS[0], title="<script>alert(1)</script>", url="javascript:alert(1)")
    record["officials"] = [dict(record["officials"][0], name="Ali <b>US$ Jr", title="Kepala $ Dinas")]
    page = render(tables([record]))
    assert "<script>" not in page and "javascript:" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ali &lt;b&gt;US$ Jr (Kepala $ Dinas)" in page


def test_no_records_give_a_report_without_charts() -> None:
    page = render(tables([]))
    assert page.count('<p class="empty">No data.</p>') == 6
    assert "<svg" not in page


@pytest.mark.parametrize("value, expected", [
    (2e12, "Rp 2 trillion"), (4.3e9, "Rp 4.3 billion"), (1.25e9, "Rp 1.25 billion"), (750e6, "Rp 750 million"),
    (125_500_000_000, "Rp 126 billion"), (1_500_000_000_000_000, "Rp 1,500 trillion"), (25_000, "Rp 25 thousand"),
    (500, "Rp 500"),
])
def test_rupiah_amounts_for_readers(value: float, expected: str) -> None:
    assert rupiah(value) == expected


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = write_jsonl(RECORDS, tmp_path / "records.jsonl")
    assert main(["report", str(records)]) == 0
    assert "-> " + str(tmp_path / "records.html") in capsys.readouterr().err
    assert main(["report", str(records), "-o", str(tmp_path / "out" / "laporan.html"), "--title", "Uji", "-q"]) == 0
    assert "<h1>Uji</h1>" in (tmp_path / "out" / "laporan.html").read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "hilang.jsonl")]) == 2


def _open_offline(page: Path, workdir: Path) -> tuple[str, list[str]]:
    """The DOM Chromium renders for ``page``, and the URLs the page itself asked the network for (net log)."""
    net_log = workdir / "net.json"
    dom = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--log-net-log={net_log}",
         "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = [event["params"]["url"] for event in log["events"] if event["type"] == start_job
                and event["params"].get("network_isolation_key", "").startswith("file://")  # made for the page
                and not event["params"]["url"].startswith(("file:", "data:"))]
    return dom, requests


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_opens_in_headless_chromium_without_network(tmp_path: Path) -> None:
    report = write_report(tables(RECORDS), tmp_path / "report.html")
    dom, requests = _open_offline(report, tmp_path)
    assert requests == []
    assert _Page(dom).sections == {**{chart: 1 for chart in CHARTS}, "largest-rupiah": 0}
    # The check sees fetches when there are some: the same page with an image from a CDN.
    leaky = tmp_path / "leaky.html"
    leaky.write_text(report.read_text(encoding="utf-8").replace(
        "<main>", '<main><img src="https://cdn.example.com/logo.png">'), encoding="utf-8")
    leaky.write_text(leaky.read_text(encoding="utf-8").replace(f'content="{CSP}"', 'content=""'), encoding="utf-8")
    assert _open_offline(leaky, tmp_path)[1] == ["https://cdn.example.com/logo.png"]
