"""The nbgitpuller link: ``casekit.hub.nbgitpuller_link`` and ``python -m casekit hub-link``."""

from __future__ import annotations

import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from casekit.cli import main
from casekit.instructor.hub import HubError, default_repo, nbgitpuller_link


def test_link_opens_the_start_notebook_in_jupyterlab():
    link = nbgitpuller_link("https://hub.example.org", "https://github.com/org/casekit", "main")
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Fcasekit"
        "&branch=main&urlpath=lab%2Ftree%2Fcasekit%2Flessons%2F00-start-here.ipynb"
    )


@pytest.mark.parametrize(
    "hub,repo,branch,expected",
    [
        (
            "https://hub.example.org/",
            "https://github.com/org/kit.git",
            "main",
            (
                "https://hub.example.org/hub/user-redirect/git-pull",
                "https://github.com/org/kit.git",
                "lab/tree/kit/lessons/00-start-here.ipynb",
            ),
        ),
        (
            "https://uni.example/jupyter/hub",
            "https://gitlab.example/a/b/kit",
            "course-2025",
            (
                "https://uni.example/jupyter/hub/user-redirect/git-pull",
                "https://gitlab.example/a/b/kit",
                "lab/tree/kit/lessons/00-start-here.ipynb",
            ),
        ),
        (
            "http://localhost:8000",
            "https://github.com/org/kit?x=1&y=2",
            "feature/x",
            (
                "http://localhost:8000/hub/user-redirect/git-pull",
                "https://github.com/org/kit?x=1&y=2",
                "lab/tree/kit/lessons/00-start-here.ipynb",
            ),
        ),
    ],
)
def test_link_parts_survive_url_encoding(hub, repo, branch, expected):
    parts = urlsplit(nbgitpuller_link(hub, repo, branch))
    query = parse_qs(parts.query)
    assert (f"{parts.scheme}://{parts.netloc}{parts.path}", query["repo"][0], query["urlpath"][0]) == expected
    assert query["branch"] == [branch]


@pytest.mark.parametrize(
    "hub,repo,branch,expected_msg",
    [
        (
            "hub.example.org",
            "https://github.com/org/kit",
            "main",
            "--hub must be an http(s) address of the JupyterHub, such as https://hub.example.org; received 'hub.example.org'.",
        ),
        ("ftp://hub.example.org", "https://github.com/org/kit", "main", "--hub must be an http(s) address"),
        ("https://hub.example.org", "git@github.com:org/kit.git", "main", "--repo must be an http(s) address of the git repository"),
        (
            "https://hub.example.org",
            "https://github.com/org/kit",
            "a b",
            "--branch must be a git branch name such as main; received 'a b'.",
        ),
        ("https://hub.example.org", "https://github.com", "main", "--repo 'https://github.com' has no repository name"),
    ],
)
def test_bad_input_gets_one_plain_sentence(hub, repo, branch, expected_msg):
    with pytest.raises(HubError) as exc:
        nbgitpuller_link(hub, repo, branch)
    assert str(exc.value).startswith(expected_msg)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    "remote,expected",
    [
        ("https://github.com/org/kit.git", "https://github.com/org/kit.git"),
        ("git@github.com:org/kit.git", "https://github.com/org/kit.git"),
        ("ssh://git@gitlab.example/group/kit.git", "https://gitlab.example/group/kit.git"),
    ],
)
def test_default_repo_is_the_origin_remote_over_https(tmp_path, remote, expected):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    assert default_repo(tmp_path) == expected


def test_cli_prints_the_link(capsys):
    assert main(["hub-link", "--hub", "https://hub.example.org", "--repo", "https://github.com/org/casekit", "--branch", "main"]) == 0
    assert capsys.readouterr().out.strip() == nbgitpuller_link("https://hub.example.org", "https://github.com/org/casekit", "main")


def test_cli_without_origin_asks_for_repo(tmp_path, capsys):
    assert main(["hub-link", "--hub", "https://hub.example.org", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "Error: cannot tell the kit's repository (no git remote named origin here); give it with --repo https://github.com/OWNER/REPO.\n"
    )


def test_cli_checks_the_hub_before_looking_for_the_repo(tmp_path, capsys):
    assert main(["hub-link", "--hub", "ftp://x", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("Error: --hub must be an http(s) address")
