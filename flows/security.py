"""What keeps the Prefect server of `statwh server` to its user.

- **A credential for its API.** Made on first use: a random secret, in ``statwh-api-auth`` in
  Prefect's home folder (``PREFECT_HOME``, by default ``~/.prefect``), readable by its owner only
  (mode 0600). `statwh server` starts Prefect's server with it (basic authentication), on
  127.0.0.1 only, answering cross-origin requests only from its own origin. `statwh run` and
  `statwh schedule` send it, and so do the Dask workers they start, to a server on loopback.
- **Deployments that run only what they were made for.** The deployment `statwh schedule` serves
  runs a flow that refuses any parameters but the folders, warehouse and settings it was created
  with: a run started through the API with other ones fails before it reads or writes anything.
"""
from __future__ import annotations

import errno
import inspect
import ipaddress
import os
import secrets
import stat
import tempfile
import typing
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

CREDENTIAL_FILE_NAME = "statwh-api-auth"
CREDENTIAL_USER = "statwh"  # Prefect's basic authentication takes "user:password"


class CredentialError(Exception):
    """The credential file cannot be used (other users may read it, or it holds no credential)."""


class ParametersRefused(ValueError):
    """A run of a pinned deployment asked for other parameters than the deployment was created with."""


def credential_path() -> Path:
    """Where the credential lives: ``$PREFECT_HOME/statwh-api-auth`` (Prefect's home folder, by
    default ``~/.prefect``, as Prefect itself resolves it: environment, profile or settings file)."""
    return prefect_home() / CREDENTIAL_FILE_NAME


def prefect_home() -> Path:
    """Prefect's home folder, without importing Prefect (2 s) when nothing but the environment can
    set it: ``$PREFECT_HOME``, else ``~/.prefect`` unless a profile or settings file Prefect reads
    mentions its home, in which case Prefect itself is asked."""
    if os.environ.get("PREFECT_HOME"):
        return Path(os.environ["PREFECT_HOME"]).expanduser()
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or "~/.prefect/profiles.toml").expanduser()
    sources = {profiles: "PREFECT_HOME", Path(".env"): "PREFECT_HOME", Path("prefect.toml"): "home",
               Path("pyproject.toml"): "[tool.prefect"}
    for source, mention in sources.items():
        try:
            if mention in source.read_text(encoding="utf-8", errors="replace"):
                from prefect.settings import get_current_settings

                return Path(get_current_settings().home).expanduser()
        except OSError:
            continue
    return Path("~/.prefect").expanduser()


def read_credential(path: Path | None = None) -> str:
    """The credential stored at ``path``; :class:`FileNotFoundError` if there is none yet, and
    :class:`CredentialError` if the file is not its owner's alone or holds no ``user:password``."""
    path = path or credential_path()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CredentialError(f"{path} is a symbolic link; delete it, and statwh makes a new credential") from None
        raise
    with os.fdopen(fd, encoding="utf-8") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise CredentialError(f"{path} is not a regular file; delete it, and statwh makes a new credential")
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise CredentialError(
                f"{path} may be read or changed by other users (mode {stat.filemode(info.st_mode)}, owner uid "
                f"{info.st_uid}); delete it, and statwh makes a new credential readable by you alone")
        text = file.read().strip()
    if ":" not in text or text.startswith(":") or "\n" in text:
        raise CredentialError(f"{path} holds no credential of the form user:password; delete it, and statwh "
                              "makes a new one")
    return text


def load_or_create_credential(path: Path | None = None) -> str:
    """The stored credential, made first if there is none: ``statwh:<43 random URL-safe characters>``,
    written to a private temporary file and linked into place, so that two processes starting at
    once end up with the same one, and no process ever reads a half-written file."""
    path = path or credential_path()
    try:
        return read_credential(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    credential = f"{CREDENTIAL_USER}:{secrets.token_urlsafe(32)}"
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{CREDENTIAL_FILE_NAME}.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(credential + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return read_credential(path)  # another process made it first: use that one
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                raise
            if not _create_exclusively(path, credential):  # a file system without hard links
                return read_credential(path)
    finally:
        os.unlink(temporary)
    return credential


def _create_exclusively(path: Path, credential: str) -> bool:
    """Write the credential to a new file at ``path``, mode 0600; False if one is there already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(credential + "\n")
    return True


def server_origin(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def server_environment(port: int, credential: str) -> dict[str, str]:
    """Prefect settings for `statwh server`: basic authentication with ``credential``, on loopback
    only, cross-origin requests only from the server's own origin (where its UI is served), and the
    UI pointed at this port's API."""
    origin = server_origin(port)
    return {
        "PREFECT_SERVER_API_AUTH_STRING": credential,
        "PREFECT_API_AUTH_STRING": credential,  # what the server's own clients send
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_CORS_ALLOWED_ORIGINS": origin,
        "PREFECT_SERVER_UI_API_URL": f"{origin}/api",
    }


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine's loopback interface.

    >>> is_loopback("http://127.0.0.1:4200/api"), is_loopback("http://localhost:4200/api")
    (True, True)
    >>> is_loopback("http://[::1]:4200/api"), is_loopback("https://prefect.example.org/api")
    (True, False)
    """
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _plain(value: object) -> object:
    """A parameter's value as the API carries it: paths as strings, tuples as lists."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def refuse_other_parameters(pinned: Mapping[str, object], given: Mapping[str, object]) -> None:
    """Raise :class:`ParametersRefused`, naming them, if ``given`` differs from ``pinned`` in any
    parameter (a path given as a string or a ``Path`` is the same path)."""
    names = sorted(set(pinned) | set(given))
    differing = [name for name in names if name not in pinned or name not in given
                 or _plain(given[name]) != _plain(pinned[name])]
    if not differing:
        return
    asked = ", ".join(f"{name}={_plain(given.get(name))!r}" for name in differing)
    fixed = ", ".join(f"{name}={_plain(pinned.get(name))!r}" for name in differing)
    raise ParametersRefused(
        f"refused: this deployment runs only with the parameters it was created with ({fixed}), and this run "
        f"asked for {asked}; nothing was read or written. For other folders or another warehouse, start "
        "another `statwh schedule`.")


def pinned_refresh_flow(parameters: Mapping[str, object]):
    """The refresh flow, for a deployment created with ``parameters``: the same name, signature and
    work, but a run with any other parameters fails with :class:`ParametersRefused` before it starts.

    The parameters are held in the flow function itself (and travel with it, pickled, to the
    process each run starts), not in the deployment the API can edit."""
    from prefect import flow

    from flows.refresh import refresh_warehouse as refresh

    signature = inspect.signature(refresh.fn)
    bound = signature.bind(**parameters)
    bound.apply_defaults()
    pinned = {name: _plain(value) for name, value in bound.arguments.items()}

    def refresh_warehouse(*args, **kwargs):
        asked = signature.bind(*args, **kwargs)
        asked.apply_defaults()
        refuse_other_parameters(pinned, asked.arguments)
        return refresh.fn(*args, **kwargs)

    refresh_warehouse.__doc__ = refresh.fn.__doc__
    refresh_warehouse.__annotations__ = typing.get_type_hints(refresh.fn)
    setattr(refresh_warehouse, "__wrapped__", refresh.fn)  # inspect.signature, so Prefect, sees refresh's parameters
    return flow(name=refresh.name, log_prints=refresh.log_prints, description=refresh.description)(refresh_warehouse)
