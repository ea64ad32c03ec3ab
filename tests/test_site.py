"""The course website (``make site``): every lesson on a static page, self-checks instead of widgets, charts as images,
nothing loaded from another host, and no solution text in the student edition.

The student edition is built once for this file: from the lessons as nbval ran
them just before, with static outputs (``make test``: see conftest.py), or by
running them afresh (about 20 s, when this file runs alone). The instructor edition is built by the same code from solutions/; its
pages and guides are checked by ``make site``, which refuses to write a page
that loads anything from outside.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from casekit.cli import main
from casekit.instructor.release import secret_texts
from casekit.instructor.site import SiteError, build_site, external_loads, leaked_solutions
from casekit.instructor.site.pages import EDITIONS
from tests.browser.helpers import LOOPBACK, ROOT, BrowserSuiteError, RequestLog, quiz_cells, uses_charts, with_chromium

LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))


@pytest.fixture(scope="module")
def student_site(tmp_path_factory, static_lessons) -> Path:
    """The student edition, from the lessons as nbval has just run them (make test), or run afresh (this file alone)."""
    out = tmp_path_factory.mktemp("site")
    return build_site(ROOT, out, ("student",), executed=static_lessons)["student"]


@pytest.fixture(scope="module")
def served(student_site):
    """The student edition on a loopback port, as any static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(student_site))
    server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{server.server_address[1]}", server.server_address[1]
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_student_edition_has_a_page_per_lesson_with_self_checks_and_chart_images(student_site):
    for lesson in LESSONS:
        page = student_site / "lessons" / f"{lesson.stem}.html"
        assert page.is_file(), f"no page for {lesson.name}"
        html = page.read_text(encoding="utf-8")
        quizzes = sum(quiz_cells(lesson).values())
        assert html.count("class='casekit-selfcheck'") == quizzes, f"{page.name}: {quizzes} quiz(...) calls, but not as many self-checks"
        assert "widget-view" not in html and "require.js" not in html
        images = [part.split('"')[0] for part in html.split('<img alt="')[1:]]
        if uses_charts(lesson):
            assert images, f"{page.name}: the lesson draws charts, but its page has no image"
            assert all(not alt.startswith("../_images") for alt in images), f"{page.name}: a chart without its description as alt text"
    assert (student_site / "docs" / "glossary.html").is_file()
    assert not (student_site / "INSTRUCTORS.html").exists() and not (student_site / "solutions").exists()


def test_self_check_gives_the_hint_before_the_answer_both_behind_a_show_control(student_site):
    html = (student_site / "lessons" / "00-start-here.html").read_text(encoding="utf-8")
    block = html[html.index("class='casekit-selfcheck'") :]
    first = block[: block.index("casekit-selfcheck-question", block.index("casekit-selfcheck-question") + 1)]
    assert first.index("Show a hint") < first.index("Show the answer and why") < first.index("The answer:")
    assert first.count("<details>") == 2, "the hint and the answer each sit behind their own show control"
    assert "The answer:" not in first[: first.index("<details>")]


def test_student_edition_loads_nothing_from_outside_and_shows_no_solution_text(student_site):
    assert external_loads(student_site) == []
    secrets = secret_texts(ROOT)
    assert secrets, "the kit has solution lines to look for"
    assert leaked_solutions(student_site, secrets) == []


def test_the_scanners_find_a_planted_solution_line_and_an_outside_script(tmp_path, student_site):
    site = tmp_path / "site"
    shutil.copytree(student_site / "lessons", site / "lessons")
    secret = next(t for w, t in secret_texts(ROOT) if w.startswith("solutions/") and '"' in t)
    page = site / "lessons" / "00-start-here.html"
    html = page.read_text(encoding="utf-8")
    # As Sphinx would show it: inside highlighted spans, its quotes as entities.
    planted = "<pre><span>" + secret.replace('"', "&quot;").replace(" ", "</span> <span>", 1) + "</span></pre>"
    page.write_text(html.replace("</body>", planted + '<script src="https://cdn.example.org/x.js"></script></body>'), encoding="utf-8")
    (site / "extra.css").write_text("body { background: url('https://fonts.example.org/a.woff2') }", encoding="utf-8")
    leaks = leaked_solutions(site, secret_texts(ROOT))
    assert len(leaks) == 1 and leaks[0].startswith("lessons/00-start-here.html shows solution text")
    loads = external_loads(site)
    assert "lessons/00-start-here.html loads https://cdn.example.org/x.js" in loads
    assert "extra.css loads https://fonts.example.org/a.woff2" in loads


def test_a_page_that_loads_from_outside_is_never_published(tmp_path, monkeypatch):
    from casekit.instructor.site import build as site_build

    monkeypatch.setattr(site_build, "write_sources", lambda root, edition, src, **kw: _tiny_sources(src))
    with pytest.raises(SiteError, match=r"not published: index.html loads https://cdn.example.org/x.js"):
        build_site(ROOT, tmp_path / "out", ("student",))
    assert not (tmp_path / "out" / "student").exists()


def _tiny_sources(src: Path) -> list[Path]:
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")  # the check, not the theme, is under test
    (src / "index.md").write_text('# A page\n\n<script src="https://cdn.example.org/x.js"></script>\n', encoding="utf-8")
    return []


def test_cli_site_with_an_unknown_edition_says_so_in_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["site", "out", "--edition", "teachers"])
    assert "invalid choice: 'teachers'" in capsys.readouterr().err
    with pytest.raises(SiteError, match=r"there is no 'teachers' edition; choose from student, instructor\."):
        build_site(ROOT, "out", ("teachers",))


def test_instructor_edition_takes_solutions_and_the_guides():
    edition = EDITIONS["instructor"]
    assert edition.notebooks == "solutions"
    for guide in edition.guides:
        assert (ROOT / guide).is_file(), f"the instructor edition lists {guide}, which is missing"


def test_student_edition_in_chromium_requests_nothing_outside_and_opens_a_self_check(served):
    base, port = served

    def visit(browser):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        log = RequestLog(context, port)
        page = context.new_page()
        broken = []
        for path in ["index.html", *(f"lessons/{p.stem}.html" for p in LESSONS), "docs/glossary.html"]:
            response = page.goto(f"{base}/{path}", wait_until="load")
            assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
            broken += page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        page.goto(f"{base}/lessons/00-start-here.html", wait_until="load")
        block = page.locator(".casekit-selfcheck-question").first
        answer = block.locator("details").nth(1)
        assert not answer.locator("p").first.is_visible(), "the answer shows before the learner asks for it"
        answer.locator("summary").click()
        assert answer.locator("p").first.is_visible()
        assert "The answer:" in answer.inner_text()
        context.close()
        return log.external(), broken

    try:
        outside, broken = with_chromium(visit)
    except BrowserSuiteError as exc:
        pytest.fail(str(exc), pytrace=False)
    assert outside == [], f"the website requested outside hosts: {outside}"
    assert broken == [], f"images that did not load: {broken}"


def test_a_lesson_that_fails_to_run_stops_the_build_with_one_sentence_naming_it(tmp_path):
    import nbformat

    from casekit.errors import CasekitError
    from casekit.instructor.site.pages import write_sources

    (tmp_path / "lessons").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "lessons" / "07-broken.ipynb")
    with pytest.raises(CasekitError) as caught:
        write_sources(tmp_path, EDITIONS["student"], tmp_path / "src")
    message = str(caught.value)
    assert message.startswith("lessons/07-broken.ipynb: a cell failed (ZeroDivisionError: division by zero)")
    assert "\n" not in message and "\x1b" not in message


def test_a_lesson_already_run_is_published_from_that_run_not_run_again(tmp_path):
    import nbformat

    from casekit.instructor.site.pages import write_sources

    (tmp_path / "lessons").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])  # would fail if it were run
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "lessons" / "07-ran.ipynb")
    ran = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output("stream", text="2\n")])])
    ran.cells.append(nbformat.v4.new_code_cell("key = 'the answer'", metadata={"tags": ["instructor"]}))
    written = write_sources(tmp_path, EDITIONS["student"], tmp_path / "src", executed={"07-ran.ipynb": ran})
    page = nbformat.read(written[0], as_version=4)
    assert [c.source for c in page.cells] == ["1 + 1"], "the run's cells, without the instructor's"
    assert page.cells[0].outputs[0]["text"] == "2\n"
    assert len(ran.cells) == 2, "the notebook handed in is left as it was"
