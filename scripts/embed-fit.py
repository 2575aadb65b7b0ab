#!/usr/bin/env python3
"""Writes the fitted decision layer into the built-in scenarios.

    faultline calibrate --layer decision --out fitted/
    python3 scripts/embed-fit.py fitted/

For each built-in scenario NAME, reads the hand-set priors from
crates/scenario/scenarios/prior/NAME.toml and the fit from fitted/NAME.toml, and
writes crates/scenario/scenarios/NAME.toml: the prior file, line for line, with
every fitted parameter's line replaced by its fitted value, 95 % interval and
source, and the fit's [posterior] table added before the claims. Comments and
layout of the prior file are kept. The test `builtin_is_prior_plus_fit` in
crates/scenario checks that the two files differ only there.
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "crates" / "scenario" / "scenarios"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_float(v):
    return repr(float(f"{v:.6g}"))


def lookup(doc, name):
    parts = name.split(".")
    if parts[0] == "state":
        state = next(s for s in doc["state"] if s["id"] == parts[1])
        return state[parts[2]]
    if parts[0] == "dynamics":
        return doc["dynamics"][parts[1]]
    raise SystemExit(f"embed-fit: cannot place parameter {name}")


def embed(name, fitted_dir):
    prior_text = (SCENARIOS / "prior" / f"{name}.toml").read_text()
    fitted_text = (fitted_dir / f"{name}.toml").read_text()
    fitted = tomllib.loads(fitted_text)
    post = fitted["posterior"]
    lines = prior_text.split("\n")
    # Where each table starts; `state.<id>` is the [[state]] block with that id.
    section, state_id, located = None, None, {}
    for k, line in enumerate(lines):
        m = re.match(r"^\[\[?([A-Za-z_.]+)\]\]?\s*$", line)
        if m:
            section, state_id = m.group(1), None
            continue
        m = re.match(r'^id = "([^"]+)"', line)
        if m and section == "state":
            state_id = m.group(1)
            continue
        m = re.match(r"^([a-z_]+) = \{", line)
        if not m:
            continue
        key = m.group(1)
        if section == "state" and state_id:
            located[f"state.{state_id}.{key}"] = k
        elif section == "dynamics":
            located[f"dynamics.{key}"] = k
    for pname in post["parameters"]:
        if pname not in located:
            raise SystemExit(f"embed-fit: {name}: no line for {pname} in prior/{name}.toml")
        p = lookup(fitted, pname)
        key = pname.split(".")[-1]
        lines[located[pname]] = (
            f"{key} = {{ value = {toml_float(p['value'])}, range = [{toml_float(p['range'][0])}, {toml_float(p['range'][1])}], "
            f"unit = {toml_str(p['unit'])}, source = {toml_str(p['source'])}, tag = \"{p['tag']}\" }}"
        )
    posterior = fitted_text[fitted_text.index("[posterior]"):]
    posterior = posterior[: posterior.index("\n[[claim]]")] if "\n[[claim]]" in posterior else posterior
    header = [
        "# The decision layer's fitted parameters (sources starting \"Fitted by\") and the [posterior]",
        "# table below were written by scripts/embed-fit.py from `faultline calibrate --layer decision`",
        "# (docs/calibration.md, section 6); the hand-set priors are in prior/" + name + ".toml.",
        "#",
    ]
    first_claim = next((k for k, l in enumerate(lines) if l.startswith("[[claim]]")), len(lines))
    out = header + lines[:first_claim] + [posterior.rstrip("\n"), ""] + lines[first_claim:]
    target = SCENARIOS / f"{name}.toml"
    tmp = target.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(out))
    tmp.replace(target)
    print(f"wrote {target.relative_to(ROOT)} ({len(post['parameters'])} fitted parameters)")


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: scripts/embed-fit.py FITTED_DIR")
    fitted_dir = pathlib.Path(sys.argv[1])
    for path in sorted((SCENARIOS / "prior").glob("*.toml")):
        embed(path.stem, fitted_dir)


if __name__ == "__main__":
    main()
