"""The checks behind .ci/lint-workflows (run that script, not this file).

Each check prints PASS, SKIP (a tool or a binary it needs is missing, with
the reason) or FAIL with what is wrong; the exit status is 1 if any failed.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python < 3.11: the binstall checks skip
    tomllib = None

try:
    import yaml
except ImportError:
    yaml = None

ROOT = Path(__file__).resolve().parent.parent
FAILED = []


def report(status, name, detail=""):
    line = f"{status}: {name}"
    if detail:
        line += f": {detail}"
    print(line, flush=True)
    if status == "FAIL":
        FAILED.append(name)


def check(name):
    """Run the decorated check; an AssertionError is its FAIL message."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args):
            try:
                skipped = fn(*args)
            except AssertionError as e:
                report("FAIL", name, str(e))
                return
            if skipped:
                report("SKIP", name, skipped)
            else:
                report("PASS", name)

        return run

    return wrap


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def tool(name):
    return shutil.which(name)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---------------------------------------------------------------- tools


@check("actionlint on .github/workflows (shellcheck on every run: script)")
def actionlint_workflows():
    if not tool("actionlint"):
        return "actionlint is not installed"
    if not tool("shellcheck"):
        return "shellcheck is not installed, so actionlint would skip the scripts"
    r = run(["actionlint", "-no-color", "-oneline"], cwd=ROOT)
    assert r.returncode == 0, "\n" + r.stdout + r.stderr


@check("check-jsonschema: workflows and action.yml against GitHub's schemas")
def jsonschema_github():
    if not tool("check-jsonschema"):
        return "check-jsonschema is not installed"
    workflows = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    for schema, files in (
        ("vendor.github-workflows", workflows),
        ("vendor.github-actions", [str(ROOT / "action.yml")]),
    ):
        r = run(["check-jsonschema", "--builtin-schema", schema, *files])
        assert r.returncode == 0, f"{schema}:\n{r.stdout}{r.stderr}"


@check("pre-commit validate-manifest .pre-commit-hooks.yaml")
def precommit_manifest():
    if not tool("pre-commit"):
        return "pre-commit is not installed"
    r = run(["pre-commit", "validate-manifest", ".pre-commit-hooks.yaml"], cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr


# ---------------------------------------------------------------- action.yml


EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@check("action.yml: metadata, inputs, outputs and step references agree")
def action_structure():
    if yaml is None:
        return "PyYAML is not installed"
    action = load_yaml(ROOT / "action.yml")
    for key in ("name", "description", "inputs", "outputs", "runs"):
        assert key in action, f"no `{key}`"
    runs = action["runs"]
    assert runs.get("using") == "composite", "runs.using is not composite"
    steps = runs["steps"]
    ids = {s["id"]: s for s in steps if "id" in s}
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used_inputs = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", text))
    for name, spec in action["inputs"].items():
        assert spec.get("description"), f"input `{name}` has no description"
        assert name in used_inputs, f"input `{name}` is never used"
    for name in used_inputs:
        assert name in action["inputs"], f"`inputs.{name}` is not declared"
    for ref_id, key in re.findall(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", text):
        assert ref_id in ids, f"no step with id `{ref_id}`"
        step = ids[ref_id]
        if "run" in step:
            assert f"{key}=" in step["run"], f"step `{ref_id}` never writes output `{key}`"
    for name, spec in action["outputs"].items():
        assert spec.get("description") and spec.get("value"), f"output `{name}` lacks description or value"
    for step in steps:
        if "run" in step:
            assert step.get("shell"), f"step `{step.get('name')}` has no shell"
            # Inputs reach scripts through env:, never spliced into the code.
            assert "${{" not in step["run"], f"step `{step.get('name')}` has ${{{{ }}}} in its script"


@check("shellcheck on action.yml's scripts and the .ci scripts")
def shellcheck_scripts():
    if yaml is None:
        return "PyYAML is not installed"
    if not tool("shellcheck"):
        return "shellcheck is not installed"
    action = load_yaml(ROOT / "action.yml")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, step in enumerate(action["runs"]["steps"]):
            if "run" in step:
                path = Path(tmp) / f"action-step-{i}-{step.get('id', 'run')}.bash"
                path.write_text("#!/usr/bin/env bash\n" + step["run"], encoding="utf-8")
                files.append(str(path))
        files += [str(ROOT / ".ci/lint-workflows"), str(ROOT / ".ci/package-release")]
        r = run(["shellcheck", "-s", "bash", *files])
        assert r.returncode == 0, "\n" + r.stdout + r.stderr


# ---------------------------------------------------------------- pre-commit


@check(".pre-commit-hooks.yaml: the hooks, their files and how they take paths")
def precommit_hooks():
    if yaml is None:
        return "PyYAML is not installed"
    hooks = {h["id"]: h for h in load_yaml(ROOT / ".pre-commit-hooks.yaml")}
    for hook_id in ("chronotope-check", "chronotope-fmt", "chronotope-check-system", "chronotope-fmt-system"):
        assert hook_id in hooks, f"no hook `{hook_id}`"
    for suffix, language in (("", "rust"), ("-system", "system")):
        chk, fmt = hooks[f"chronotope-check{suffix}"], hooks[f"chronotope-fmt{suffix}"]
        assert chk["language"] == fmt["language"] == language, f"{suffix or 'default'} hooks are not `{language}`"
        assert chk["entry"] == "chronotope check", chk["entry"]
        assert fmt["entry"] == "chronotope fmt --check", fmt["entry"]
        # A story may span a directory, so check never gets single files.
        assert chk.get("pass_filenames") is False, "the check hook must not pass file names"
        assert chk.get("args"), "the check hook needs default paths in args"
        assert fmt.get("pass_filenames", True), "the fmt hook must get the changed files"
        for path, want_check, want_fmt in (
            ("story.scenes", True, True),
            ("film/act-1.scenes", True, True),
            ("film.fountain", True, False),
            ("chronotope.toml", True, False),
            ("docs/chronotope.toml", True, False),
            ("notes.txt", False, False),
            ("my-chronotope.toml", False, False),
            ("story.scenes.bak", False, False),
        ):
            assert bool(re.search(chk["files"], path)) == want_check, f"check hook `files` on {path}"
            assert bool(re.search(fmt["files"], path)) == want_fmt, f"fmt hook `files` on {path}"


# ---------------------------------------------------------------- binstall


def expand(template, **vars):
    """cargo-binstall's `{ var }` templates (docs: SUPPORT.md of cargo-binstall)."""

    def sub(m):
        key = m.group(1)
        assert key in vars, f"unknown template variable `{key}`"
        return vars[key]

    return re.sub(r"\{\s*([a-z-]+)\s*\}", sub, template)


def binstall_meta():
    with open(ROOT / "Cargo.toml", "rb") as f:
        cargo = tomllib.load(f)
    package = cargo["package"]
    meta = package["metadata"]["binstall"]
    return package, meta


def binstall_for(target, version, repo):
    """The URL and the path inside the archive binstall uses for `target`."""
    package, meta = binstall_meta()
    merged = dict(meta)
    merged.update(meta.get("overrides", {}).get(target, {}))
    windows = "windows" in target
    vars = dict(
        name=package["name"],
        version=version,
        target=target,
        repo=repo,
        bin="chronotope",
        **{"binary-ext": ".exe" if windows else ""},
    )
    fmt = merged.get("pkg-fmt", "tgz")
    return expand(merged["pkg-url"], **vars), expand(merged["bin-dir"], **vars), fmt


@check("binstall metadata names the archives .ci/package-release makes")
def binstall_names():
    if tomllib is None:
        return "Python has no tomllib (3.11+)"
    package, _ = binstall_meta()
    assert package.get("repository", "").startswith("https://"), "Cargo.toml has no repository URL for { repo }"
    with tempfile.TemporaryDirectory() as tmp:
        fake = Path(tmp) / "chronotope"
        fake.write_bytes(b"#!/bin/sh\necho packaged\n")
        for target in ("x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc", "aarch64-apple-darwin"):
            url, bin_dir, fmt = binstall_for(target, "1.2.3", "https://example.invalid/o/r")
            r = run(["bash", str(ROOT / ".ci/package-release"), target, "1.2.3", str(fake), tmp])
            assert r.returncode == 0, r.stderr
            archive = Path(r.stdout.strip())
            assert url == f"https://example.invalid/o/r/releases/download/v1.2.3/{archive.name}", (
                f"{target}: binstall looks for {url}, the release has {archive.name}"
            )
            if fmt == "zip":
                names = zipfile.ZipFile(archive).namelist()
            else:
                assert fmt == "tgz" and archive.name.endswith(".tar.gz"), f"{target}: pkg-fmt {fmt}"
                names = tarfile.open(archive).getnames()
            assert bin_dir in names, f"{target}: {bin_dir} is not in {archive.name} ({names})"
            digest = (archive.parent / (archive.name + ".sha256")).read_text().split()
            assert digest[1] == archive.name and len(digest[0]) == 64, f"bad checksum file for {archive.name}"


# ---------------------------------------------------------------- the action's scripts


class ActionRunner:
    """Runs action.yml's scripts as the runner would, against a local server."""

    def __init__(self, tmp, server_url):
        self.tmp = Path(tmp)
        self.server_url = server_url
        self.action = load_yaml(ROOT / "action.yml")
        self.steps = {s["id"]: s for s in self.action["runs"]["steps"] if "id" in s}
        self.count = 0

    def context(self, ctx, expr):
        if expr in ctx:
            return ctx[expr]
        m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr)
        if m:
            return str(self.action["inputs"][m.group(1)].get("default", ""))
        raise AssertionError(f"the test knows no value for ${{{{ {expr} }}}}")

    def step(self, step_id, ctx, path_prefix="", cwd=ROOT):
        """Run one step; returns (exit status, outputs, stdout+stderr)."""
        self.count += 1
        step = self.steps[step_id]
        files = {k: self.tmp / f"{k}-{self.count}" for k in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
        for f in files.values():
            f.write_text("")
        env = dict(os.environ)
        env.update({k: str(v) for k, v in files.items()})
        env.update(RUNNER_OS="Linux", RUNNER_ARCH="X64", GITHUB_SERVER_URL=self.server_url)
        if path_prefix:
            env["PATH"] = path_prefix + os.pathsep + env["PATH"]
        for key, value in step.get("env", {}).items():
            env[key] = EXPR.sub(lambda m: self.context(ctx, m.group(1)), str(value))
        script = self.tmp / f"step-{self.count}.bash"
        script.write_text(step["run"], encoding="utf-8")
        workdir = EXPR.sub(lambda m: self.context(ctx, m.group(1)), step.get("working-directory", "."))
        r = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env, cwd=cwd / workdir)
        outputs = dict(
            line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if "=" in line
        )
        outputs["_path"] = files["GITHUB_PATH"].read_text()
        outputs["_summary"] = files["GITHUB_STEP_SUMMARY"].read_text()
        return r.returncode, outputs, r.stdout + r.stderr

    def install(self, ref, path_prefix="", version=""):
        ctx = {
            "github.action_ref": ref,
            "github.action_repository": "owner/repo",
            "github.action_path": str(ROOT),
            "runner.os": "Linux",
            "runner.arch": "X64",
            "runner.tool_cache": str(self.tmp / "toolcache"),
            "inputs.version": version,
        }
        code, plan, log = self.step("plan", ctx)
        assert code == 0, f"plan failed:\n{log}"
        for key, value in plan.items():
            ctx[f"steps.plan.outputs.{key}"] = value
        code, out, log = self.step("install", ctx, path_prefix=path_prefix)
        return code, plan, out, log

    def check(self, bin_dir, cwd, **inputs):
        ctx = {"steps.plan.outputs.bin-dir": bin_dir}
        ctx.update({f"inputs.{k.replace('_', '-')}": v for k, v in inputs.items()})
        return self.step("check", ctx, cwd=Path(cwd))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def publish(www, binary, version, target="x86_64-unknown-linux-gnu"):
    """Package `binary` into a release tree under `www` as the release workflow would."""
    release = www / f"owner/repo/releases/download/v{version}"
    r = run(["bash", str(ROOT / ".ci/package-release"), target, version, binary, str(release)])
    assert r.returncode == 0, r.stderr
    return release


def fake_cargo(tmp):
    """A `cargo` that records its arguments and fails, to see the fallback's command."""
    bindir = Path(tmp) / "fake-cargo"
    bindir.mkdir()
    log = Path(tmp) / "cargo-args"
    script = bindir / "cargo"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\nexit 101\n')
    script.chmod(0o755)
    return str(bindir), log


@check("action.yml: install from a release, the cache and the cargo fallbacks")
def action_install():
    if yaml is None or tomllib is None:
        return "PyYAML or tomllib is missing"
    binary = os.environ.get("CHRONOTOPE_BIN")
    if not binary or not os.access(binary, os.X_OK):
        return "no chronotope binary (set CHRONOTOPE_BIN or build target/release/chronotope)"
    with tempfile.TemporaryDirectory() as tmp:
        www = Path(tmp) / "www"
        server = serve(www)
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}"
            release = publish(www, binary, "0.1.0")
            url, _, _ = binstall_for("x86_64-unknown-linux-gnu", "0.1.0", f"{base}/owner/repo")
            assert (www / url.removeprefix(base + "/")).is_file(), f"binstall's {url} is not served"
            action = ActionRunner(tmp, base)

            code, plan, out, log = action.install("v0.1.0")
            assert code == 0, f"install failed:\n{log}"
            assert out["installed-from"] == "release", log
            assert plan["cache-key"] == "chronotope-v0.1.0-Linux-X64", plan["cache-key"]
            assert out["_path"].strip() == plan["bin-dir"], out["_path"]
            want = run([binary, "--version"]).stdout.strip()
            assert out["version"] == want, f"{out['version']!r} != {want!r}"

            # Again (a later step, or a restored cache): the binary is there.
            code, _, out, log = action.install("v0.1.0")
            assert code == 0 and out["installed-from"] == "cache", log

            # No release binary: another version is built from git, the
            # action's own version from the action's checkout.
            cargo_dir, cargo_log = fake_cargo(tmp)
            code, plan, out, log = action.install("v0.1.0", path_prefix=cargo_dir, version="9.9.9")
            assert code != 0, "a missing release with a failing cargo must fail"
            args = cargo_log.read_text().split("\n")[:-1]
            assert args == ["install", "--locked", "--root", plan["root"], "--git", f"{base}/owner/repo",
                            "--tag", "v9.9.9", "chronotope"], args
            code, plan, out, log = action.install("v9.9.9", path_prefix=cargo_dir)
            assert code != 0 and plan["cache-key"] == "chronotope-v9.9.9-Linux-X64", plan
            args = cargo_log.read_text().split("\n")[:-1]
            assert args == ["install", "--locked", "--root", plan["root"], "--path", str(ROOT)], args

            # A moving tag: the version in the action's Cargo.toml.
            with open(ROOT / "Cargo.toml", "rb") as f:
                own = tomllib.load(f)["package"]["version"]
            code, plan, out, log = action.install("v0", path_prefix=cargo_dir)
            assert plan["version"] == own and plan["cache-key"] == f"chronotope-v{own}-Linux-X64", plan

            code, plan, out, log = action.install("main", path_prefix=cargo_dir)
            assert plan["source"] == "path" and plan["cache-key"].startswith("chronotope-src-"), plan
            args = cargo_log.read_text().split("\n")[:-1]
            assert args == ["install", "--locked", "--root", plan["root"], "--path", str(ROOT)], args

            sums = release / "chronotope-x86_64-unknown-linux-gnu-v0.1.0.tar.gz.sha256"
            sums.write_text("0" * 64 + "  chronotope-x86_64-unknown-linux-gnu-v0.1.0.tar.gz\n")
            shutil.rmtree(Path(tmp) / "toolcache")
            code, _, out, log = action.install("v0.1.0", path_prefix=cargo_dir)
            assert code != 0 and "checksum mismatch" in log, f"a bad checksum must stop the install:\n{log}"
            assert "installed-from" not in out, "a bad checksum must not fall back to a build"
        finally:
            server.shutdown()


@check("action.yml: the check step's arguments, output file and exit status")
def action_check():
    if yaml is None:
        return "PyYAML is not installed"
    binary = os.environ.get("CHRONOTOPE_BIN")
    if not binary or not os.access(binary, os.X_OK):
        return "no chronotope binary (set CHRONOTOPE_BIN or build target/release/chronotope)"
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = Path(tmp) / "bin"
        bin_dir.mkdir()
        shutil.copy(binary, bin_dir / "chronotope")
        work = Path(tmp) / "work"
        (work / "dir with space").mkdir(parents=True)
        (work / "dir with space/good.scenes").write_text(CLEAN_STORY)
        (work / "bad.scenes").write_text("title: T\nscene a: A\n  story: after zz\n")
        action = ActionRunner(tmp, "http://127.0.0.1:9")

        code, out, log = action.check(str(bin_dir), work, paths="dir with space/good.scenes\n")
        assert code == 0 and out["exit-code"] == "0", log

        code, out, log = action.check(str(bin_dir), work, paths="bad.scenes")
        assert code == 1 and out["exit-code"] == "1", f"exit {code}:\n{log}"
        assert "::error file=bad.scenes,line=3" in log, log
        assert "found problems" in out["_summary"], out["_summary"]

        code, out, log = action.check(str(bin_dir), work, paths="bad.scenes", format="junit", output="report.xml")
        report_xml = (work / "report.xml").read_text()
        assert code == 1 and "<testsuites" in report_xml and 'failures="1"' in report_xml, report_xml

        # A warning alone passes, unless denied by the input or by args.
        (work / "warn.scenes").write_text("title: W\nscene a: A\n  story: 2014\nscene b: B\n")
        code, out, log = action.check(str(bin_dir), work, paths="dir with space\n  warn.scenes  \n")
        assert code == 0 and "W0302" in log, f"exit {code}:\n{log}"
        code, out, log = action.check(str(bin_dir), work, paths="warn.scenes", deny_warnings="true")
        assert code == 1 and out["exit-code"] == "1", f"exit {code}:\n{log}"
        code, out, log = action.check(str(bin_dir), work, paths="warn.scenes", args="--deny  warnings")
        assert code == 1, f"args were not passed on:\n{log}"

        code, out, log = action.check(str(bin_dir), work, paths="bad.scenes", deny_warnings="yes")
        assert code == 2 and "deny-warnings must be true or false" in log, log

        code, out, log = action.check(str(bin_dir), work, paths="missing.scenes", deny_warnings="true")
        assert code == 2 and out["exit-code"] == "2", log


# ---------------------------------------------------------------- docs/ci.md


def doc_blocks(path):
    """The ```yaml blocks of a Markdown file whose first line names a file."""
    text = path.read_text(encoding="utf-8")
    for m in re.finditer(r"```ya?ml\n(.*?)```", text, re.S):
        block = m.group(1)
        first = block.splitlines()[0] if block else ""
        named = re.fullmatch(r"#\s*(\S+)", first.strip())
        if named:
            yield named.group(1), block


# A small story that checks clean, warnings included: every scene dated and
# with a length, so new warning rules are unlikely to fire on it.
CLEAN_STORY = """title: Clean
scene a: A
  story: 2014-05-17 18:00 for 40m
scene b: B
  story: after a by 1d, for 1h
"""


def run_gitlab_job(job, tmp, base, binary):
    """Run the recipe's before_script and script as GitLab would, against a local release."""
    www = Path(tmp) / "www"
    arch = os.uname().machine
    publish(www, binary, job["variables"]["CHRONOTOPE_VERSION"], f"{arch}-unknown-linux-gnu")
    cargo_dir, cargo_log = fake_cargo(tmp)
    for version, want_cargo in ((job["variables"]["CHRONOTOPE_VERSION"], False), ("9.9.9", True)):
        work = Path(tmp) / f"project-{version}"
        (work / "scenes").mkdir(parents=True)
        (work / "scenes/clean.scenes").write_text(CLEAN_STORY)
        env = dict(os.environ, **{k: str(v) for k, v in job["variables"].items()})
        env.update(CHRONOTOPE_VERSION=version, CHRONOTOPE_REPO=f"{base}/owner/repo")
        env["PATH"] = cargo_dir + os.pathsep + env["PATH"]
        lines = "\n".join(job["before_script"] + job["script"])
        r = run(["bash", "-e", "-c", lines], cwd=work, env=env)
        if want_cargo:
            assert r.returncode != 0, "a missing release must fall back to cargo"
            args = cargo_log.read_text().split("\n")[:-1]
            assert args[:3] == ["install", "--locked", "--root"] and "v9.9.9" in args, args
        else:
            assert r.returncode == 0, f"the GitLab job failed:\n{r.stdout}{r.stderr}"
            report_xml = (work / "chronotope-junit.xml").read_text()
            assert 'failures="0"' in report_xml, report_xml[:300]
            assert not cargo_log.exists(), "the release was there, yet cargo ran"


@check("docs/ci.md: every recipe that names its file is valid")
def docs_recipes():
    if yaml is None:
        return "PyYAML is not installed"
    blocks = list(doc_blocks(ROOT / "docs/ci.md"))
    kinds = {name for name, _ in blocks}
    assert ".gitlab-ci.yml" in kinds and ".pre-commit-config.yaml" in kinds, f"recipes missing: {sorted(kinds)}"
    assert any(k.startswith(".github/workflows/") for k in kinds), "no GitHub workflow recipe"
    skipped = []
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        (repo / ".github/workflows").mkdir(parents=True)
        # The recipes use the published action; lint them against this one.
        shutil.copy(ROOT / "action.yml", repo / "action.yml")
        for n, (name, block) in enumerate(blocks):
            assert yaml.safe_load(block) is not None, f"{name}: empty"
            if name.startswith(".github/workflows/"):
                local = re.sub(r"chronotope/chronotope@v[0-9.]+", "./", block)
                (repo / ".github/workflows" / f"{n}-{Path(name).name}").write_text(local)
            elif name == ".gitlab-ci.yml":
                if tool("check-jsonschema"):
                    target = repo / f"gitlab-{n}.yml"
                    target.write_text(block)
                    r = run(["check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(target)])
                    assert r.returncode == 0, f"{name}:\n{r.stdout}{r.stderr}"
                else:
                    skipped.append("GitLab schema (no check-jsonschema)")
                binary = os.environ.get("CHRONOTOPE_BIN")
                if not binary or sys.platform != "linux":
                    skipped.append("the GitLab install script (no chronotope binary, or not Linux)")
                    continue
                www = repo / f"gitlab-run-{n}"
                www.mkdir()
                server = serve(www / "www")
                try:
                    base = f"http://127.0.0.1:{server.server_address[1]}"
                    run_gitlab_job(yaml.safe_load(block)["continuity"], www, base, binary)
                finally:
                    server.shutdown()
            elif name == ".pre-commit-config.yaml":
                if not tool("pre-commit"):
                    skipped.append("pre-commit config (no pre-commit)")
                    continue
                target = repo / f"pre-commit-{n}.yaml"
                target.write_text(block)
                r = run(["pre-commit", "validate-config", str(target)])
                assert r.returncode == 0, f"{name}:\n{r.stdout}{r.stderr}"
        if tool("actionlint"):
            subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
            r = run(["actionlint", "-no-color", "-oneline"], cwd=repo)
            assert r.returncode == 0, "\n" + r.stdout + r.stderr
        else:
            skipped.append("GitHub recipes (no actionlint)")
    if skipped:
        return "the rest passed; not checked: " + ", ".join(skipped)


# ---------------------------------------------------------------- VS Code


@check("editors/vscode: the manifest's files, grammars and client exist and agree")
def vscode_manifest():
    ext = ROOT / "editors/vscode"
    manifest = json.loads((ext / "package.json").read_text(encoding="utf-8"))
    for key in ("name", "publisher", "version", "engines", "main", "contributes", "repository"):
        assert manifest.get(key), f"package.json has no `{key}`"
    assert (ext / manifest["main"]).is_file(), f"main {manifest['main']} is missing"
    assert "vscode-languageclient" in manifest.get("dependencies", {}), "no vscode-languageclient dependency"
    client = (ext / manifest["main"]).read_text(encoding="utf-8")
    assert '"lsp"' in client and "vscode-languageclient/node" in client, "the client does not start `chronotope lsp`"
    contributes = manifest["contributes"]
    (language,) = contributes["languages"]
    assert ".scenes" in language["extensions"], "`.scenes` is not the language's extension"
    assert (ext / language["configuration"]).is_file(), "the language configuration is missing"
    settings = contributes["configuration"]["properties"]
    assert "chronotope.path" in settings and "chronotope.trace.server" in settings, sorted(settings)
    scopes = set()
    for grammar in contributes["grammars"]:
        spec = json.loads((ext / grammar["path"]).read_text(encoding="utf-8"))
        assert spec.get("scopeName") == grammar["scopeName"], f"{grammar['path']}: scopeName"
        scopes.add(spec["scopeName"])
        if "injectTo" in grammar:
            assert spec.get("injectionSelector"), f"{grammar['path']}: an injection grammar without a selector"
    assert {"source.scenes", "chronotope.fountain-tags.injection"} <= scopes, scopes
    with open(ROOT / "Cargo.toml", "rb") as f:
        crate = tomllib.load(f)["package"]["version"] if tomllib else manifest["version"]
    assert manifest["version"] == crate, f"extension {manifest['version']} != crate {crate}"
    ignored = (ext / ".vscodeignore").read_text(encoding="utf-8")
    assert "test/**" in ignored, "the tests would ship in the .vsix"


@check("editors/vscode: npm test (the grammars on the bundled stories, the client against `chronotope lsp`)")
def vscode_grammar():
    ext = ROOT / "editors/vscode"
    for name in ("package.json", "language-configuration.json", "syntaxes/scenes.tmLanguage.json",
                 "syntaxes/fountain-injection.tmLanguage.json"):
        try:
            json.loads((ext / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise AssertionError(f"{name}: {e}")
    if not (tool("node") and tool("npm")):
        return "JSON checked; node or npm is not installed, so the grammar test did not run"
    r = run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ext)
    if r.returncode != 0:
        reason = next((line for line in r.stderr.splitlines() if line.strip()), "no message")
        return f"JSON checked; `npm ci` failed (offline?), so the grammar test did not run: {reason}"
    r = run(["npm", "test", "--silent"], cwd=ext)
    assert r.returncode == 0, "\n" + r.stdout + r.stderr
    summary = [line[2:] for line in r.stdout.splitlines() if re.match(r"# (tests|pass|fail|skipped) \d+$", line)]
    assert summary and "fail 0" in summary, r.stdout
    print("  npm test: " + ", ".join(summary))


def main():
    if yaml is None:
        print("SKIP: PyYAML is not installed; the YAML checks skip")
    for fn in (
        actionlint_workflows,
        jsonschema_github,
        precommit_manifest,
        action_structure,
        shellcheck_scripts,
        precommit_hooks,
        binstall_names,
        action_install,
        action_check,
        docs_recipes,
        vscode_manifest,
        vscode_grammar,
    ):
        fn()
    if FAILED:
        print(f"lint-workflows: {len(FAILED)} failed: {', '.join(FAILED)}")
        return 1
    print("lint-workflows: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
