"""The command line: ``python -m casekit <command>``. A thin layer over the library.

Every command prints plain sentences; a problem ends with exit code 1 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .case.folder import case_folders, find_case, kit_root
from .case.validate import validate_case
from .checks.validate import validate_checks
from .common.printable import clean
from .common.wording import plural
from .errors import CasekitError
from .instructor.banks import build_kit_banks
from .instructor.build import build_lessons
from .instructor.draft import draft_case
from .instructor.execute import execute_in_place
from .instructor.grading import MODES, Limits, export_grades, grade, summary
from .instructor.grading.export import FORMATS
from .instructor.hub import START, default_repo, nbgitpuller_link, validate_hub
from .instructor.insight import class_report, misconception_problems, watch
from .instructor.keys import lesson_keys
from .instructor.newcase import new_case
from .instructor.release import dangling_links, make_release, select
from .instructor.site import build_site
from .instructor.vocabularies import DEFAULT as DEFAULT_VOCABULARY
from .instructor.vocabularies import labels_text, vocabulary_names
from .notebook.progress_table import report
from .quizzes.validate import validate_banks
from .records.summary import summarise_dir

__all__ = ["main"]


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a case folder (or every case of the kit), its question banks and its checks."""
    folders = [find_case(args.path)] if args.path else case_folders(kit_root() / "data")
    failed = 0
    for folder in folders:
        problems = validate_case(folder) or (validate_banks(folder) + validate_checks(folder) + misconception_problems(folder))
        for line in problems:
            print(f"{folder.name}/{line}" if len(folders) > 1 else line)
        if problems:
            print(f"{plural(len(problems), 'problem')} in {folder}.", file=sys.stderr)
            failed += 1
            continue
        tables = sum(1 for _ in folder.glob("*.csv"))
        banks = sum(1 for _ in (folder / "quizzes").glob("*.toml"))
        print(f"{folder.name}: valid ({tables} tables, {plural(banks, 'question bank')}, checks).")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Generate lessons/ and the sealed question banks from solutions/."""
    root = kit_root(args.root)
    changed = build_lessons(root / "solutions", root / "lessons", check=args.check)
    changed += build_kit_banks(root / "solutions" / "quizzes", root / "data", check=args.check)
    if args.check:
        if changed:
            print("Out of date (run `python -m casekit build`): " + ", ".join(changed))
            return 1
        print("lessons/ and the question banks are up to date.")
        return 0
    print("Built: " + ", ".join(changed) if changed else "Nothing to build: everything is up to date.")
    return 0


def cmd_execute(args: argparse.Namespace) -> int:
    """Execute notebooks in place, keeping their outputs (for solutions/)."""
    paths = []
    for target in map(Path, args.paths):
        paths.extend(sorted(target.glob("*.ipynb")) if target.is_dir() else [target])
    execute_in_place(paths, timeout=args.timeout)
    print(f"Executed {plural(len(paths), 'notebook')}.")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    """Show a learner's progress, or a summary of many progress files."""
    if args.all:
        table = summarise_dir(Path(args.all)).map(lambda v: clean(v) if isinstance(v, str) else v)  # learners name their files
        print(table.to_string(index=False) if len(table) else f"No progress files in {args.all}.")
    else:
        print(report(learner=args.learner, case=args.case))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    """Run submitted notebooks, check their exercises, write the grades, the class report and the review of written answers."""
    out = Path(args.out)
    report = Path(args.report) if args.report else out.with_suffix(".html")
    review = Path(args.review) if args.review else out.with_name(out.stem + "-review")
    limits = Limits.from_flags(args.memory, args.processes, args.file_size, args.cpu, args.output)
    table = grade(
        args.paths,
        out,
        timeout=args.timeout,
        jobs=args.jobs,
        shard=args.shard,
        report=report,
        lesson=args.lesson,
        root=args.root,
        progress=not args.quiet,
        sandbox=args.sandbox,
        limits=limits,
        review=review,
        marks=args.marks or [],
        feedback=args.feedback,
        newest=args.newest,
        unsafe=args.unsafe_i_trust_these_notebooks,
    )
    print(summary(table))
    print(f"Wrote {out} and {report}.")
    return 0


def cmd_export_grades(args: argparse.Namespace) -> int:
    """Write the grades as an LMS imports them (Canvas, Moodle) or as a plain CSV, matched to the roster."""
    done = export_grades(args.grades, args.format, args.out, roster=args.roster, root=args.root)
    print(
        f"Wrote {done.path}: {plural(done.learners, 'learner')}, {plural(len(done.lessons), 'lesson')} ({', '.join(done.lessons) or 'none'})."
    )
    for line in done.lines:
        print(line)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Write the student bundle: lessons, data, casekit, no solutions."""
    root = kit_root(args.root)
    names = make_release(root, args.out, cases=args.case, lessons=args.lesson)
    lessons = sorted({n.split("/lessons/", 1)[1] for n in names if "/lessons/" in n and n.endswith(".ipynb")})
    which = f" (lessons {', '.join(n[:2] for n in lessons)})" if args.case or args.lesson else ""
    print(f"Wrote {args.out}: {len(names)} files{which}, no solutions and no instructor files.")
    selection = select(root, args.case, args.lesson)
    for line in selection.left_out:
        print(f"Left out: lesson {line}.")
    for line in dangling_links(root, selection):
        print(f"Note: {line}")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """Print a lesson's exercise keys and quiz answers; check the solution's stored outputs against them."""
    keys = lesson_keys(args.lesson, case=args.case, root=kit_root(args.root))
    print(keys.text())
    return 1 if keys.problems else 0


def cmd_site(args: argparse.Namespace) -> int:
    """Build the course website: the student and instructor editions, offline."""
    root = kit_root(args.root)
    editions = tuple(args.edition) if args.edition else ("student", "instructor")
    built = build_site(root, args.out, editions, jobs=args.jobs)
    for name, folder in built.items():
        print(
            f"Wrote the {name} edition: {folder / 'index.html'} (no outside requests{', no solution text' if name == 'student' else ''})."
        )
    if "instructor" in built:
        print("Publish only the student edition where students can read it; the instructor edition holds the answers.")
    return 0


def cmd_new_case(args: argparse.Namespace) -> int:
    """Make a case folder from a plain text."""
    files = new_case(
        args.folder, args.text, title=args.title or "", publisher=args.publisher or "", date=args.date or "", vocabulary=args.vocabulary
    )
    print(f"Wrote {args.folder} with the {args.vocabulary} vocabulary: {', '.join(files)}.")
    print(f"Next: read {Path(args.folder) / 'README.md'}, then run `python -m casekit validate {args.folder}`.")
    return 0


def cmd_vocabulary(args: argparse.Namespace) -> int:
    """Print the labels a case allows in each column, with what each means, and how to add one."""
    print(labels_text(args.folder))
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    """Propose actors, sources, time expressions and claims from a case's text, each row marked as a draft."""
    done = draft_case(args.folder)
    for line in done.lines():
        print(line)
    if done.unresolved:
        print(f"{plural(done.unresolved, 'time expression')} could not be resolved (resolves_to is empty; the basis says why).")
    print(
        f"Next: read each row with status = draft in {done.folder}, correct it, then set its status to confirmed (or delete the row); "
        f"`python -m casekit validate {args.folder}` counts those still waiting."
    )
    return 0


def cmd_hub_link(args: argparse.Namespace) -> int:
    """Print the nbgitpuller link that opens the kit on a JupyterHub."""
    validate_hub(args.hub)
    repo = args.repo or default_repo(args.root or Path.cwd())
    print(nbgitpuller_link(args.hub, repo, args.branch, args.path or START))
    return 0


def cmd_class_report(args: argparse.Namespace) -> int:
    """Write the class report (page and CSV) from a class's progress files; with --watch, rebuild it as they change."""
    options = {"case": args.case, "names": args.names, "min_tries": args.min_tries}

    def told(report) -> None:
        for line in report.skipped:
            print(f"Skipped: {line}", file=sys.stderr)
        shown = sum(1 for m in report.figures.misconceptions if report.figures.shown(m))
        print(
            f"Wrote {report.html} and {report.csv.name}: {plural(report.learners, 'learner')}, "
            f"{plural(len(report.figures.items), 'exercise or question', 'exercises and questions')}, "
            f"{plural(shown, 'named misconception')} shown ({report.seconds:.1f} s)."
        )

    if args.watch:
        print(f"Rebuilding {args.out} every {args.every:g} s while the files change; stop with Ctrl-C.")
        try:
            watch(args.sources, args.out, every=args.every, on_build=told, **options)
        except KeyboardInterrupt:
            print("Stopped watching.")
        return 0
    told(class_report(args.sources, args.out, **options))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m casekit``."""
    parser = argparse.ArgumentParser(prog="python -m casekit", description="Tools of the casekit teaching kit.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the case folder, its question banks and checks")
    p.add_argument("path", nargs="?", help="the case folder (default: data/ of this kit)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="generate lessons/ from solutions/")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if lessons/ is out of date")
    p.add_argument("--root", help="the kit's folder (default: found from here)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("execute", help="run notebooks and store their outputs (solutions/)")
    p.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    p.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell")
    p.set_defaults(func=cmd_execute)

    p = sub.add_parser("progress", help="show quiz and check results saved for a learner")
    p.add_argument("--learner", help="whose progress (default: you)")
    p.add_argument("--all", metavar="DIR", help="summarise every progress file under DIR")
    p.add_argument("--case", help="the case (a folder name under data/, e.g. the second case; default: the main one)")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("grade", help="run submitted notebooks and grade their exercises")
    p.add_argument("paths", nargs="+", metavar="SUBMISSIONS", help="notebooks or folders of notebooks")
    p.add_argument("--out", default="grades.csv", help="the CSV to write (default: grades.csv)")
    p.add_argument("--report", help="the HTML class report to write (default: the CSV's name with .html)")
    p.add_argument("--timeout", type=float, default=60, help="seconds one notebook may run (default: 60)")
    p.add_argument("--jobs", type=int, help="notebooks graded at once (default: the number of cores)")
    p.add_argument("--shard", metavar="I/N", help="grade only shard I of N (split by learner), e.g. 2/4")
    p.add_argument("--lesson", help="the lesson of submissions whose file name does not say, e.g. 00-start-here")
    p.add_argument("--root", help="the kit's folder (default: found from here)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--newest", action="store_true", help="when a learner handed in one lesson twice, grade the newest file (else none)")
    p.add_argument(
        "--unsafe-i-trust-these-notebooks",
        action="store_true",
        help="with --sandbox none: grade even where a notebook could reach this kit's files (its checks, solutions)",
    )
    p.add_argument(
        "--sandbox",
        choices=MODES,
        default="auto",
        help="bwrap: a bubblewrap sandbox; none: limits only; auto (default): bwrap where it works",
    )
    p.add_argument("--memory", default="2G", help="memory one notebook may use, all its processes together (default: 2G)")
    p.add_argument("--processes", type=int, default=Limits.processes, help=f"processes and threads at once (default: {Limits.processes})")
    p.add_argument("--file-size", default="100M", help="the largest file a notebook may write (default: 100M)")
    p.add_argument("--cpu", type=float, help="seconds of CPU time per notebook (default: twice --timeout)")
    p.add_argument("--output", default="10M", help="output a notebook may print before it is stopped (default: 10M)")
    p.add_argument(
        "--review",
        metavar="DIR",
        help="folder for the review pages and marks files of written answers (default: the CSV's name with -review)",
    )
    p.add_argument("--marks", metavar="FILE", action="append", help="a filled-in marks file to merge into the grades (repeat for more)")
    p.add_argument("--feedback", metavar="DIR", help="write one feedback page per learner and lesson into DIR")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("class-report", help="one offline page of what the class got wrong, and what to say about it next lesson")
    p.add_argument(
        "sources", nargs="+", metavar="SOURCES", help="folders of progress files, globs (quote them), single files, and graded CSVs"
    )
    p.add_argument("--out", default="class.html", help="the page to write; the CSV goes beside it (default: class.html)")
    p.add_argument("--case", help="the case folder (default: data/ of this kit)")
    p.add_argument("--names", action="store_true", help="show learners' names (default: pseudonyms)")
    p.add_argument("--min-tries", type=int, default=3, help="learners with fewer tries are not singled out (default: 3)")
    p.add_argument("--watch", action="store_true", help="rebuild the page as the files change, until Ctrl-C")
    p.add_argument("--every", type=float, default=5.0, help="seconds between looks with --watch (default: 5)")
    p.set_defaults(func=cmd_class_report)

    p = sub.add_parser("export-grades", help="write the grades as Canvas or Moodle import them, or as a plain CSV")
    p.add_argument("grades", metavar="GRADES.csv", help="the CSV that grade wrote")
    p.add_argument("--format", choices=FORMATS, default="csv", help="canvas, moodle or csv (default: csv)")
    p.add_argument(
        "--roster", metavar="ROSTER.csv", help="the class list: Canvas's exported gradebook, Moodle's exported grades, or any CSV"
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--root", help="the kit's folder, for the weights of a grades file without points (default: found from here)")
    p.set_defaults(func=cmd_export_grades)

    p = sub.add_parser("release", help="write the student bundle (a zip without solutions)")
    p.add_argument("out", metavar="OUT.zip", help="the zip to write, e.g. dist/casekit-student.zip")
    p.add_argument("--root", help="the kit's folder (default: found from here)")
    p.add_argument(
        "--case",
        action="append",
        metavar="NAME",
        help="only this case (a folder under data/) and the lessons that use it (may be repeated)",
    )
    p.add_argument("--lesson", action="append", metavar="NN", help="only this lesson (e.g. 04) and the cases it uses (may be repeated)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("keys", help="print a lesson's exercise keys and quiz answers, and check that its solution passes them")
    p.add_argument("lesson", metavar="LESSON", help="the lesson's number or name, e.g. 04 or 04-timeline")
    p.add_argument("--case", help="only this case (a folder name under data/; default: every case with exercises for the lesson)")
    p.add_argument("--root", help="the kit's folder (default: found from here)")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("site", help="build the course website (student and instructor editions) with Sphinx, offline")
    p.add_argument("out", nargs="?", default="site", metavar="OUT", help="the folder to write (default: site)")
    p.add_argument("--edition", action="append", choices=("student", "instructor"), help="build only this edition (may be repeated)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default: 2)")
    p.add_argument("--root", help="the kit's folder (default: found from here)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("new-case", help="make a case folder from a plain text (sentences split, empty tables)")
    p.add_argument("folder", metavar="FOLDER", help="the new case folder, e.g. data/my-case")
    p.add_argument("--text", required=True, metavar="FILE", help="the text to study, as plain UTF-8 text")
    p.add_argument("--title", help="the case's title")
    p.add_argument("--publisher", help="who published the text")
    p.add_argument("--date", help="when it was published, in EDTF (e.g. 2024-12-08, 2024-12)")
    p.add_argument(
        "--vocabulary",
        default=DEFAULT_VOCABULARY,
        metavar="NAME",
        help=f"the labels of actor, relation and source types: {' or '.join(vocabulary_names())} (default: {DEFAULT_VOCABULARY})",
    )
    p.set_defaults(func=cmd_new_case)

    p = sub.add_parser("vocabulary", help="list the labels a case allows in each column, with what each means")
    p.add_argument("folder", nargs="?", metavar="CASE", help="the case folder or its name under data/ (default: the main case)")
    p.set_defaults(func=cmd_vocabulary)

    p = sub.add_parser("draft", help="propose rows for a case's tables from its text (marked as drafts, merged, offline)")
    p.add_argument("folder", metavar="CASE_FOLDER", help="the case folder, e.g. data/my-case")
    p.set_defaults(func=cmd_draft)

    p = sub.add_parser("hub-link", help="print the nbgitpuller link that opens the kit on a JupyterHub")
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", help="the kit's git repository (default: the origin remote)")
    p.add_argument("--branch", default="main", help="the branch learners get (default: main)")
    p.add_argument("--path", help="the notebook to open (default: lessons/00-start-here.ipynb)")
    p.add_argument("--root", help="the kit's folder, for its origin remote (default: here)")
    p.set_defaults(func=cmd_hub_link)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CasekitError as exc:
        problems = getattr(exc, "problems", None) or [str(exc)]
        for line in problems:
            print(f"Error: {clean(line)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
