"""A one-file HTML report of a set of records: the charts a researcher looks at first, and the largest sums.

The file is self-contained (charts are inline SVG drawn with matplotlib, styles inline, no scripts) and its
Content-Security-Policy forbids loading anything, so it opens offline and never calls out to the network. The
numbers come from the same DuckDB views as ``berita-extract export --to duckdb``, so report and dashboards agree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, Union

import duckdb
import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .export import load, replace_atomically
from .tables import KIND, Tables

TOP_REGIONS = 20
TOP_PROVINCES = 20
TOP_OFFICIALS = 15
TOP_FIGURES = 20
BAR_COLOR = "#2f6f8f"
# Short-scale names for axis labels and amounts: the report's own wording, not language knowledge to extract.
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
# No fetches of any kind; inline styles and data: images only. Links to the articles still work (navigation).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2328; margin: 0;
       background: #f4f6f8; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { font-size: 19px; margin: 0 0 10px; }
.summary { color: #4a5660; margin: 0 0 20px; }
section { background: #fff; border-radius: 8px; padding: 18px 20px; margin: 0 0 18px;
          box-shadow: 0 1px 2px rgba(0, 0, 0, .08); }
section svg { width: 100%; height: auto; }
.empty { color: #7a858e; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e3e8ec; }
td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
mark { background: #ffe79a; padding: 0 2px; }
"""

QUERIES = {
    "per_month": "SELECT strftime(month, '%Y-%m') AS label, n_articles AS value FROM articles_per_month",
    "regions": f"""
        SELECT any_value(name) AS label, count(*) AS value FROM regions
        GROUP BY code ORDER BY value DESC, sum(n_mentions) DESC, code LIMIT {TOP_REGIONS}""",
    "provinces": f"""
        SELECT province_name AS label, total_rupiah AS value FROM money_by_province LIMIT {TOP_PROVINCES}""",
    "officials": f"""
        SELECT name || coalesce(' (' || mode(title) || ')', '') AS label, count(DISTINCT doc_id) AS value
        FROM officials GROUP BY name ORDER BY value DESC, sum(n_mentions) DESC, name LIMIT {TOP_OFFICIALS}""",
    "kinds": """
        SELECT kind AS label, count(DISTINCT doc_id) AS value FROM figures GROUP BY kind""",
    "largest": f"""
        SELECT f.value, f.text, f.sentence, f.doc_id, a.url, a.title
        FROM figures AS f JOIN articles AS a USING (doc_id)
        WHERE f.kind = 'money' AND f.currency = 'IDR'
        ORDER BY f.value DESC, f.doc_id, f.start LIMIT {TOP_FIGURES}""",
    "summary": """
        SELECT count(*), count(published), min(published), max(published), sum(n_regions), sum(n_officials),
               sum(n_figures), sum(n_dates) FROM articles""",
}


def write_report(tables: Tables, path: Union[str, Path], title: str = "berita-extract report") -> Path:
    """Write the report of ``tables`` to ``path`` (replacing it atomically)."""
    page = render(tables, title)
    path = Path(path)
    replace_atomically(path, lambda tmp: tmp.write_text(page, encoding="utf-8"), is_dir=False)
    return path


def render(tables: Tables, title: str = "berita-extract report") -> str:
    """The report as one HTML page."""
    with duckdb.connect() as con:
        load(con, tables)
        rows = {name: con.execute(query).fetchall() for name, query in QUERIES.items()}
    n_articles = rows["summary"][0][0]
    with_kind = dict(rows["kinds"])
    kinds = [(kind, 100 * with_kind.get(kind, 0) / n_articles if n_articles else 0) for kind in KIND.categories]
    sections = [
        _chart_section("per-month", "Articles per month", rows["per_month"], _vertical_bars("articles"),
                       _undated_note(rows["summary"][0])),
        _chart_section("regions", f"The {TOP_REGIONS} most-mentioned regions", rows["regions"],
                       _horizontal_bars("articles mentioning the region")),
        _chart_section("rupiah-per-province", "Rupiah totals per province", rows["provinces"],
                       _horizontal_bars("sum of rupiah figures in articles mentioning the province", money=True),
                       "An article that mentions several provinces counts toward each of them."),
        _chart_section("officials", "Most-quoted officials", rows["officials"],
                       _horizontal_bars("articles quoting the official")),
        _chart_section("figure-kinds", "Share of articles with each kind of figure", kinds if n_articles else [],
                       _vertical_bars("% of articles", percent=True)),
        _largest_figures(rows["largest"]),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n<p class=\"summary\">{_summary(rows['summary'][0])}</p>\n"
        + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
    )


def rupiah(value: float) -> str:
    """An amount for readers: ``Rp 4.3 billion``; below a thousand, the plain number."""
    for scale, name in SCALES:
        if abs(value) >= scale:
            return f"Rp {value / scale:,.3g} {name}" if value / scale < 1000 else f"Rp {value / scale:,.0f} {name}"
    return f"Rp {value:,.0f}"


def _summary(row: Sequence[Any]) -> str:
    n_articles, n_dated, first, last, n_regions, n_officials, n_figures, n_dates = row
    span = f", published {first:%Y-%m-%d} to {last:%Y-%m-%d}" if n_dated else ""
    return escape(f"{n_articles:,} articles{span}; {n_regions or 0:,} regions, {n_officials or 0:,} officials, "
                  f"{n_figures or 0:,} figures and {n_dates or 0:,} dates extracted. "
                  f"Generated {datetime.now():%Y-%m-%d %H:%M}.")


def _undated_note(row: Sequence[Any]) -> str:
    n_undated = row[0] - row[1]
    return f"Not shown: articles without a publication date ({n_undated:,})." if n_undated else ""


Draw = Callable[[Figure, list[str], list[float]], None]


def _chart_section(anchor: str, heading: str, data: Sequence[tuple[str, float]], draw: Draw, note: str = "") -> str:
    body = _svg(anchor, draw, [str(label) for label, _ in data], [float(value) for _, value in data]) if data \
        else '<p class="empty">No data.</p>'
    note_html = f'<p class="summary">{escape(note)}</p>' if note else ""
    return f'<section id="{anchor}">\n<h2>{escape(heading)}</h2>\n{body}\n{note_html}</section>'


def _svg(prefix: str, draw: Draw, labels: list[str], values: list[float]) -> str:
    """``draw`` as an inline SVG element, its ids prefixed so that several charts can share one page."""
    # parse_math off: a "$" in a name or title is text, not the start of a formula
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix, "font.size": 10,
                                "text.parse_math": False, "axes.spines.top": False, "axes.spines.right": False}):
        figure = Figure(layout="constrained")
        draw(figure, labels, values)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r' xmlns(:xlink)?="[^"]*"', "", svg)  # namespaces are implied for SVG inside HTML
    return re.sub(r'(\bid="|url\(#|href="#)', rf"\g<1>{prefix}-", svg)


def _horizontal_bars(xlabel: str, money: bool = False) -> Draw:
    def draw(figure: Figure, labels: list[str], values: list[float]) -> None:
        figure.set_size_inches(10, 0.9 + 0.3 * len(labels))
        axes = figure.add_subplot()
        scale, name = _scale(max(values)) if money else (1, "")
        bars = axes.barh(range(len(labels)), [value / scale for value in values], color=BAR_COLOR)
        axes.set_yticks(range(len(labels)), [_shorten(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlabel(f"{xlabel} (Rp {name})".replace(" )", ")") if money else xlabel)
        axes.bar_label(bars, labels=[rupiah(value) if money else f"{value:,.0f}" for value in values], padding=3)
        axes.margins(x=0.15)
        if not money:
            axes.xaxis.get_major_locator().set_params(integer=True)
    return draw


def _vertical_bars(ylabel: str, percent: bool = False) -> Draw:
    def draw(figure: Figure, labels: list[str], values: list[float]) -> None:
        figure.set_size_inches(10, 3.6)
        axes = figure.add_subplot()
        bars = axes.bar(range(len(labels)), values, color=BAR_COLOR)
        axes.set_xticks(range(len(labels)), labels, rotation=90 if len(labels) > 12 else 0)
        axes.set_ylabel(ylabel)
        if percent:
            axes.set_ylim(0, 100)
            axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}%"))
        else:
            axes.yaxis.get_major_locator().set_params(integer=True)
        if len(labels) <= 24:
            axes.bar_label(bars, labels=[f"{value:.0f}%" if percent else f"{value:,.0f}" for value in values],
                           padding=2)
    return draw


def _scale(largest: float) -> tuple[float, str]:
    return next(((scale, name) for scale, name in SCALES if largest >= scale), (1, ""))


def _shorten(label: str, limit: int = 60) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _largest_figures(rows: Sequence[tuple[Any, ...]]) -> str:
    heading = f"<h2>The largest rupiah figures (top {TOP_FIGURES})</h2>"
    if not rows:
        return f'<section id="largest-rupiah">\n{heading}\n<p class="empty">No data.</p>\n</section>'
    body = "\n".join(
        f'<tr><td class="amount" title="{value:,.0f}">{escape(rupiah(value))}</td>'
        f"<td>{_highlight(sentence or text, text)}</td><td>{_article_link(doc_id, url, title)}</td></tr>"
        for value, text, sentence, doc_id, url, title in rows
    )
    return (f'<section id="largest-rupiah">\n{heading}\n<table>\n'
            "<thead><tr><th>Amount</th><th>Sentence</th><th>Article</th></tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table>\n</section>")


def _highlight(sentence: str, text: str) -> str:
    start = sentence.find(text)
    if start < 0:
        return escape(sentence)
    end = start + len(text)
    return f"{escape(sentence[:start])}<mark>{escape(text)}</mark>{escape(sentence[end:])}"


def _article_link(doc_id: str, url: str | None, title: str | None) -> str:
    label = escape(title or doc_id)
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}">{label}</a>'
    return f"{label} <code>{escape(doc_id)}</code>" if title else f"<code>{label}</code>"
