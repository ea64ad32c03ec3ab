"""The nbgitpuller link that opens the kit on a JupyterHub: ``python -m casekit hub-link --hub URL``.

A learner who follows the link logs in to the hub; nbgitpuller clones the
kit's repository into their home (or pulls the changes, merging without
touching their own edits) and opens the start notebook in JupyterLab. The hub
needs nbgitpuller installed in its user image; the kit itself needs no server
extension.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..errors import HubError

__all__ = ["START", "HubError", "default_repo", "nbgitpuller_link", "repo_folder", "validate_hub"]

START = "lessons/00-start-here.ipynb"


def _check_url(url: str, what: str, flag: str) -> str:
    url = str(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        msg = f"{flag} must be an http(s) address of the {what}, such as https://hub.example.org; received {url!r}."
        raise HubError(msg)
    return url


def validate_hub(hub: str) -> str:
    """The hub's address if it is an http(s) URL; raise HubError otherwise."""
    return _check_url(hub, "JupyterHub", "--hub")


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: the last part of its path without ``.git``."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name[:-4] if name.endswith(".git") else name


def default_repo(root: str | os.PathLike | None = None) -> str:
    """The kit's ``origin`` remote as an https URL (an SSH remote is rewritten: the hub has no SSH keys).

    Raises HubError when there is no git or no origin remote.
    """
    cwd = Path(root) if root is not None else Path.cwd()
    try:
        done = subprocess.run(["git", "remote", "get-url", "origin"], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        done = None
    url = done.stdout.strip() if done is not None and done.returncode == 0 else ""
    if not url:
        msg = "cannot tell the kit's repository (no git remote named origin here); give it with --repo https://github.com/OWNER/REPO."
        raise HubError(msg)
    ssh = re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+)", url)
    if ssh:
        url = f"https://{ssh.group(1)}/{ssh.group(2)}"
    return url


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", path: str = START, *, app: str = "lab") -> str:
    """The nbgitpuller link that clones ``repo`` at ``branch`` for each learner and opens ``path`` in it.

    Parameters
    ----------
    hub
        The hub's address, such as ``https://hub.example.org`` (a trailing ``/hub`` is allowed).
    repo
        The kit's git repository (https).
    branch
        The branch learners get.
    path
        The notebook to open, relative to the repository's top folder.
    app
        ``"lab"`` (JupyterLab) or ``"tree"`` (the classic notebook interface).

    >>> nbgitpuller_link("https://hub.example.org", "https://github.com/org/kit", "main")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Forg%2Fkit&branch=main&urlpath=lab%2Ftree%2Fkit%2Flessons%2F00-start-here.ipynb'
    """
    hub = validate_hub(hub).rstrip("/")
    if hub.endswith("/hub"):
        hub = hub[: -len("/hub")]
    repo = _check_url(repo, "git repository", "--repo").rstrip("/")
    branch = str(branch or "").strip()
    if not branch or any(c in branch for c in " ~^:?*[\\") or branch.startswith("-"):
        msg = f"--branch must be a git branch name such as main; received {branch!r}."
        raise HubError(msg)
    if app not in ("lab", "tree"):
        msg = f"app must be 'lab' or 'tree'; received {app!r}."
        raise HubError(msg)
    folder = repo_folder(repo)
    if not folder:
        msg = f"--repo {repo!r} has no repository name in its path; give it as https://HOST/OWNER/REPO."
        raise HubError(msg)
    urlpath = f"{app}/tree/{folder}/{path.lstrip('/')}" if app == "lab" else f"tree/{folder}/{path.lstrip('/')}"
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in (("repo", repo), ("branch", branch), ("urlpath", urlpath)))
    return f"{hub}/hub/user-redirect/git-pull?{query}"
