"""Both HTML pages in a real browser: headless Chromium from Debian's packages, driven by Selenium.

What a parser cannot show: that a citation or a contradiction link lands on the highlighted sentence it
cites (the browser's own fragment navigation, ``:target``), that the page makes no network request, that a
hostile article runs no script, and what the page looks like. Screenshots go to build/screenshots/ (the CI
artefacts named in the README).

Chromium and chromedriver come from apt (``chromium chromium-driver``; ``.ci/run`` installs them); Selenium
is told both paths, so Selenium Manager never runs and downloads nothing. Without them these tests skip
locally, and fail under CI=true.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from crosscheck.inference.report import Report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "build" / "screenshots"
EVAL_REPORT = ROOT / "eval" / "reports" / "latest" / "report.html"
WIDTH, HEIGHT = 1400, 1000
LOCAL_SCHEMES = ("file:", "data:", "about:")

HOSTILE = {
    "wire<script>window.__pwned='name'</script>": (
        "Belarus and Iran signed a military cooperation plan in Minsk. "
        "<script>window.__pwned = 'script'; alert('script')</script>\n"
        "Officials said the plan <img src=x onerror=\"window.__pwned='img'; alert('img')\"> covers a joint exercise.\n"
        "Read the full text at <a href=\"javascript:window.__pwned='link'\">this link</a>"
        " or [here](javascript:alert(3)).\n"
        "The exercise will be held next year, officials in Minsk said. " + "x" * 20_000 + "\n"
    ),
    "desk\" onmouseover=\"window.__pwned='attr'": (
        'A defense official announced the plan in Minsk. <iframe src="https://evil.example/"></iframe>\n'
        "<style>body { display: none }</style> The exercise will be held next year.\n"
        "<svg onload=\"window.__pwned='svg'\"></svg> Belarus signed the plan with Iran. " + "word " * 4_000 + "\n"
    ),
}


# ---- the browser ----------------------------------------------------------------------------------------------


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[dev]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.is_file():
            return f"{path} is missing (apt-get install chromium chromium-driver; package {package})"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator:
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"no headless browser: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI containers run as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})

    def no_download(*args, **kwargs):
        raise AssertionError("Selenium Manager ran: the driver and browser paths must be given explicitly")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SeleniumManager, "binary_paths", no_download)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """One loaded page and what the browser did while loading it."""

    def __init__(self, driver, path: Path) -> None:
        self.driver = driver
        driver.set_window_size(WIDTH, HEIGHT)
        driver.get_log("performance")  # drop what earlier pages logged
        driver.get_log("browser")
        driver.get(path.resolve().as_uri())
        self.requests = [
            event["params"]["request"]["url"]
            for entry in driver.get_log("performance")
            for event in [json.loads(entry["message"])["message"]]
            if event["method"] == "Network.requestWillBeSent"
        ]
        self.console = driver.get_log("browser")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def land(self, link) -> object | None:
        """Follow a link as a click does and return the element the browser took as the fragment's target."""
        self.js("arguments[0].click()", link)
        return self.js("return document.querySelector(':target')")

    def links(self, css: str) -> list:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def screenshot(self, name: str, *, full: bool = False, scroll_to: str | None = None) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        out = SCREENSHOTS / name
        if full:
            self.driver.set_window_size(WIDTH, self.js("return document.documentElement.scrollHeight") + 100)
        self.js("window.scrollTo(0, 0)")
        if scroll_to:
            self.js("document.getElementById(arguments[0]).scrollIntoView()", scroll_to)
        assert self.driver.save_screenshot(str(out)), out
        self.driver.set_window_size(WIDTH, HEIGHT)
        return out


def outside_requests(page: Page) -> list[str]:
    """Every request the page made that did not stay on this machine's file or inline data."""
    return [url for url in page.requests if not url.startswith(LOCAL_SCHEMES)]


def text_of(element) -> str:
    return element.get_attribute("textContent")


def citation_problems(page: Page, report: Report) -> list[str]:
    """Each brief citation must land on a highlighted claim that the item cites, with that claim's exact text."""
    claims = {c.id: c for c in report.claims}
    items = page.links("#brief .item")
    problems = [] if len(items) == len(report.brief.items) else [f"{len(items)} brief items shown"]
    for shown, item in zip(items, report.brief.items):
        cited = {c.id: c for c in item.cites}
        links = shown.find_elements("css selector", "a.cite")
        if len(links) != len({c.source for c in item.cites}):
            problems.append(f"{item.text[:40]!r}: {len(links)} citation links for {len(item.cites)} cites")
        for link in links:
            target = page.land(link)
            where = f"{item.text[:40]!r} {link.text}"
            if target is None:
                problems.append(f"{where}: lands nowhere ({link.get_attribute('href')})")
                continue
            key = target.get_attribute("id")
            if target.tag_name != "mark" or key not in cited:
                problems.append(f"{where}: lands on <{target.tag_name} id={key!r}>, not on a cited claim")
            elif text_of(target) != claims[key].text:
                problems.append(f"{where}: lands on text {text_of(target)[:40]!r}, not the cited claim")
            elif not target.is_displayed():
                problems.append(f"{where}: its target is hidden")
    return problems


def contradiction_problems(page: Page, report: Report) -> list[str]:
    """Both quotes of each contradiction land on their highlighted claims, and each highlight lands back."""
    problems = []
    if not report.contradictions:
        return ["the report has no contradiction to follow"]
    two_way = {c.id for p in report.contradictions if p.relation == "contradiction" for c in (p.a, p.b)}
    for k, pair in enumerate(report.contradictions):
        entry = page.js("return document.getElementById(arguments[0])", f"d{k}")
        if entry is None:
            problems.append(f"d{k}: no list entry")
            continue
        quotes = entry.find_elements("css selector", "a.quote")
        if len(quotes) != 2:
            problems.append(f"d{k}: {len(quotes)} quote links")
        for claim, quote in zip((pair.a, pair.b), quotes):
            target = page.land(quote)
            if target is None or target.get_attribute("id") != claim.id or text_of(target) != claim.text:
                got = None if target is None else (target.get_attribute("id"), text_of(target)[:40])
                problems.append(f"d{k}: quote of {claim.id!r} lands on {got}")
                continue
            kind = "dispute" if claim.id in two_way else "possible"  # a claim in both kinds shows the stronger
            if kind not in (target.get_attribute("class") or "").split():
                problems.append(f"d{k}: {claim.id!r} is not highlighted as {kind}")
            back = page.land(target.find_element("xpath", ".."))  # the highlight's own link
            linked = [] if back is None else back.find_elements("css selector", "a.quote")
            if back is None or not any(unquote(q.get_attribute("href").split("#", 1)[1]) == claim.id for q in linked):
                problems.append(f"d{k}: the highlight of {claim.id!r} does not land on a contradiction quoting it")
    return problems


def fragment_problems(page: Page) -> list[str]:
    """Every in-page link (table of contents, citations, facts, unique claims) lands on an element."""
    problems = []
    for link in page.links("a[href]"):
        href = link.get_attribute("href") or ""
        if "#" not in href or not href.startswith("file:"):
            problems.append(f"link leaves the page: {href!r}")
            continue
        if page.land(link) is None:
            problems.append(f"{link.text[:30]!r} lands nowhere: {href.split('#', 1)[1]!r}")
    return problems


# ---- the reports ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_reports(checker) -> tuple[Report, Report]:
    """The seed articles as `crosscheck check` reports them, and with the possible (one-way) contradictions shown."""
    from crosscheck import CrossChecker

    shower = CrossChecker(
        checker.config.replace("disputes", show_possible=True), nli=checker.nli, embedder=checker.embedder
    )
    shown = shower.check(SEEDS)
    default = dataclasses.replace(
        shown, contradictions=tuple(p for p in shown.contradictions if p.relation == "contradiction")
    )
    return default, shown


@pytest.fixture(scope="module")
def two_way_report(checker) -> Report:
    """Two outlets that disagree on a figure: a contradiction seen both ways, with its evidence."""
    from crosscheck import CrossChecker

    shower = CrossChecker(
        checker.config.replace("disputes", show_possible=True), nli=checker.nli, embedder=checker.embedder
    )
    report = shower.check(
        {
            "Reuters": "A gunman killed 37 people at a shopping mall in Nakhon Ratchasima on Saturday.\n"
            "Police said the gunman was a soldier.\nThe mall reopened on Tuesday.",
            "AP": "At least 40 people were killed by a gunman at a shopping mall in Nakhon Ratchasima on Saturday.\n"
            "The gunman was a soldier, police said.",
        }
    )
    assert any(p.relation == "contradiction" for p in report.contradictions), "the fixture lost its contradiction"
    return report


def _write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


# ---- check report ---------------------------------------------------------------------------------------------


def test_seed_report_citations_land_on_the_cited_claims(browser, seed_reports, tmp_path):
    default, _ = seed_reports
    page = Page(browser, _write(tmp_path, "seed.html", default.to_html()))
    assert citation_problems(page, default) == []
    assert fragment_problems(page) == []
    assert outside_requests(page) == [] and page.requests, page.requests
    page.screenshot("check-seed.png")
    page.screenshot("check-seed-full.png", full=True)


def test_seed_report_summary_counts_what_the_report_holds(browser, seed_reports, tmp_path):
    default, _ = seed_reports
    page = Page(browser, _write(tmp_path, "seed.html", default.to_html()))
    summary = text_of(page.links("#summary")[0])
    for source in default.sources:
        assert source.name in summary
    counts = [text_of(b) for b in page.links("#summary ul.counts b")]
    expected = [len(default.consensus), default.dispute_counts["contradiction"], len(default.unique)]
    assert counts == [str(n) for n in expected]
    facts = page.links("#consensus ul.facts > li")
    assert len(facts) == max(1, len(default.consensus))
    unique = page.links("#unique li")
    assert len(unique) == len(default.unique)


def test_contradiction_quotes_and_highlights_link_both_ways(browser, two_way_report, seed_reports, tmp_path):
    page = Page(browser, _write(tmp_path, "two-way.html", two_way_report.to_html()))
    assert contradiction_problems(page, two_way_report) == []
    assert citation_problems(page, two_way_report) == []
    assert outside_requests(page) == []
    page.screenshot("check-contradiction.png", scroll_to="contradictions")
    page.screenshot("check-contradiction-sources.png", scroll_to="sources")

    _, shown = seed_reports  # eleven possible (one-way) contradictions on the seeds
    page = Page(browser, _write(tmp_path, "seed-possible.html", shown.to_html()))
    assert contradiction_problems(page, shown) == []
    page.screenshot("check-seed-sources.png", scroll_to="sources")


def test_source_view_colours_tell_the_four_kinds_apart(browser, two_way_report, seed_reports, tmp_path):
    _, shown = seed_reports
    for report in (two_way_report, shown):
        page = Page(browser, _write(tmp_path, "colours.html", report.to_html()))
        colours = page.js(
            "const out = {}; for (const m of document.querySelectorAll('#sources .legend mark'))"
            " out[m.className] = getComputedStyle(m).backgroundColor; return out;"
        )
        assert set(colours) == {"agree", "dispute", "possible", "unique"}, colours
        assert len(set(colours.values())) == 4 and "rgba(0, 0, 0, 0)" not in colours.values(), colours
        used = page.js(
            "return [...document.querySelectorAll('.col mark')]"
            ".map(m => [m.className, getComputedStyle(m).backgroundColor])"
        )
        for kind, colour in used:
            assert kind == "plain" or colour == colours[kind], (kind, colour)
    # By default the one-way contradictions are not shown, so nothing is coloured as one.
    default, _ = seed_reports
    page = Page(browser, _write(tmp_path, "default.html", default.to_html()))
    assert page.js("return document.querySelectorAll('.col mark.possible').length") == 0
    disputed = {c.id for p in default.contradictions if p.relation == "contradiction" for c in (p.a, p.b)}
    assert page.js("return document.querySelectorAll('.col mark.dispute').length") == len(disputed)


def test_a_broken_or_wrong_link_is_caught(browser, seed_reports, two_way_report, tmp_path):
    """The checks above can fail: a citation pointing nowhere, or at another claim, is reported."""
    default, _ = seed_reports
    html = default.to_html()
    first = html.index('class="cite" href="#') + len('class="cite" href="#')
    broken = html[:first] + "nowhere-" + html[first:]
    page = Page(browser, _write(tmp_path, "broken.html", broken))
    assert any("lands nowhere" in p for p in citation_problems(page, default))

    html = two_way_report.to_html()
    pair = next(p for p in two_way_report.contradictions if p.relation == "contradiction")
    quote = f'class="quote" href="#{pair.a.id.replace("#", "%23")}"'
    assert quote in html
    other = next(c for c in two_way_report.claims if c.id not in (pair.a.id, pair.b.id))
    wrong = html.replace(quote, f'class="quote" href="#{other.id.replace("#", "%23")}"', 1)
    page = Page(browser, _write(tmp_path, "wrong.html", wrong))
    assert contradiction_problems(page, two_way_report)


def test_a_request_leaving_the_page_is_caught(browser, tmp_path):
    """The network check can fail: a page without the CSP that loads an image over http is reported."""
    leaky = "<!DOCTYPE html><html><body><p>x</p><img src='http://127.0.0.1:9/pixel.png' alt=''></body></html>"
    page = Page(browser, _write(tmp_path, "leaky.html", leaky))
    assert outside_requests(page) == ["http://127.0.0.1:9/pixel.png"]


def test_hostile_article_is_shown_as_text_and_runs_nothing(browser, checker, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException

    report = checker.check(HOSTILE)
    page = Page(browser, _write(tmp_path, "hostile.html", report.to_html()))
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (the property raises when there is no alert)
    assert page.js("return window.__pwned === undefined"), page.js("return String(window.__pwned)")
    assert page.js("return document.scripts.length") == 0
    assert page.js("return document.querySelectorAll('iframe, img, svg, object, embed, link').length") == 0
    assert page.js("return getComputedStyle(document.body).display") != "none"
    seen = page.js("return document.body.innerText")
    for text in ("<script>window.__pwned = 'script'", "<img src=x onerror=", 'href="javascript:', "<iframe src="):
        assert text in seen, f"{text!r} is not visible as text"
    for name in HOSTILE:
        assert name in seen
    hrefs = page.js("return [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if not h.startswith("#")]
    # Huge lines wrap inside their column: the page never scrolls sideways.
    assert page.js("return document.documentElement.scrollWidth <= window.innerWidth")
    assert fragment_problems(page) == []  # ids made of hostile names still work as link targets
    assert citation_problems(page, report) == []
    assert outside_requests(page) == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (clicking every link ran nothing either)
    assert page.js("return window.__pwned === undefined")


def test_check_report_prints_as_one_column_with_its_colours(browser, two_way_report, tmp_path):
    page = Page(browser, _write(tmp_path, "print.html", two_way_report.to_html()))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert page.js("return getComputedStyle(document.querySelector('.columns')).display") == "block"
        assert page.js("return getComputedStyle(document.querySelector('nav.toc')).display") == "none"
        adjust = page.js("return getComputedStyle(document.querySelector('mark.dispute')).printColorAdjust")
        assert adjust == "exact"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    assert len(pdf["data"]) > 1000


# ---- evaluation report ----------------------------------------------------------------------------------------


def test_eval_report_first_screen_shows_every_target_with_pass_or_fail(browser):
    page = Page(browser, EVAL_REPORT)
    assert outside_requests(page) == [], page.requests
    rows = page.js(
        "return [...document.querySelectorAll('#targets ~ table.targets tr')].slice(1).map(tr => "
        "[...tr.cells].map(td => td.textContent.trim()).concat([tr.getBoundingClientRect().bottom]))"
    )
    assert rows, "no targets table"
    for suite, metric, _value, target, result, bottom in rows:
        if target:
            assert bottom <= HEIGHT - 100, f"the target of {suite} {metric} is below the first screen"
            assert result in ("pass", "fail", "no data", "error", "not measured"), (suite, metric, result)
        else:
            assert result in ("no target", "no data", "error", "not measured"), (suite, metric, result)
        assert result != "ok"
    results = {(suite, metric): result for suite, metric, _, _, result, _ in rows}
    assert results[("seeds", "seed_pairs.real_contradictions.recall")] == "fail"  # 0 of 9 is not "ok"
    assert "pass" in results.values() and "fail" in results.values()
    assert page.js("return document.querySelectorAll('img[src^=\"data:image/png\"]').length") > 0  # plots kept
    page.screenshot("eval-report.png")


def test_eval_report_contents_links_land_and_long_lists_fold(browser):
    page = Page(browser, EVAL_REPORT)
    toc = page.links("nav.toc a")
    assert len(toc) >= 3
    assert fragment_problems(page) == []
    folded = page.js("return [...document.querySelectorAll('details')].filter(d => !d.open).length")
    assert folded >= 5, "the long per-item lists should be folded in <details>"
    misclassified = page.js(
        "return [...document.querySelectorAll('details > summary')]"
        ".some(s => s.textContent.startsWith('All misclassified'))"
    )
    assert misclassified
    page.screenshot("eval-report-news.png", scroll_to="suite-news")
