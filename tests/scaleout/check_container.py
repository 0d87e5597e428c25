#!/usr/bin/env python3
"""Checks deploy/container/Containerfile without a container engine (ctest ScaleOut.ContainerImage).

No engine runs on ScanShare's machines, so the image is never built here. What is checked instead:
1. every package the runtime stage installs is a Debian 12 package installed on this machine, and
   every package the build stage installs is one scripts/setup.sh installs (so CI proves the names);
2. every shared library the built scanshare links (ldd) belongs to a package the runtime stage
   installs, to one of their dependencies (dpkg's Depends/Pre-Depends, recursively), or to the base
   image's required packages: a missing library would make the image fail at start;
3. nothing but named source folders is copied into the build (no `COPY . `, which would carry
   build outputs and any key lying in the checkout), and no key file is copied at all;
4. the image runs as the user the Kubernetes Job's securityContext names, and its entry point is
   scanshare.
It does not prove that the image builds or runs (docs/scale-out.md says so).

usage: check_container.py CONTAINERFILE SCANSHARE SETUP_SH JOB_MANIFEST
"""
import os
import re
import subprocess
import sys

import yaml


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def stages(text):
    """[(base image, [instructions])] with continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            result.append((line.split()[1], []))
        elif result:
            result[-1][1].append(line)
    return result


def apt_packages(instructions):
    packages = []
    for line in instructions:
        for command in line.split("&&"):
            words = command.split()
            if "apt-get" in words and "install" in words:
                packages += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return packages


def package_db():
    """Every package dpkg knows here: name -> (installed, [dependency names], base). One dpkg-query call."""
    done = subprocess.run(["dpkg-query", "-W", "-f=${Package}\t${Status}\t${Depends}, ${Pre-Depends}\t${Essential}\t${Priority}\n"],
                          capture_output=True, text=True)
    db = {}
    for line in done.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) != 5:
            continue
        name, status, deps, essential, priority = fields
        names = []
        for clause in deps.split(","):
            for alternative in clause.split("|"):  # any alternative may be the one installed: keep all
                dep = alternative.strip().split(" ")[0].split(":")[0]
                if dep:
                    names.append(dep)
        db[name] = ("install ok installed" in status, names, essential == "yes" or priority == "required")
    return db


def closure(db, packages):
    seen, todo = set(), list(packages)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo += db.get(p, (False, [], False))[1]
    return seen


def owners(paths):
    """Library path -> owning package. usrmerge: dpkg may know a file under /lib or /usr/lib. One dpkg -S call."""
    candidates = {}
    for path in paths:
        forms = {path, os.path.realpath(path)}
        for p in list(forms):
            forms.add(p[len("/usr"):] if p.startswith("/usr/lib/") else "/usr" + p if p.startswith("/lib/") else p)
        for form in forms:
            candidates[form] = path
    done = subprocess.run(["dpkg", "-S"] + sorted(candidates), capture_output=True, text=True)
    found = {}
    for line in done.stdout.splitlines():
        package, _, file = line.partition(": ")
        if file in candidates:
            found[candidates[file]] = package.split(":")[0].split(",")[0].strip()
    return found


def main():
    if len(sys.argv) != 5:
        fail(__doc__.strip().splitlines()[-1])
    containerfile, scanshare, setup_sh, manifest = sys.argv[1:]
    text = open(containerfile).read()
    found = stages(text)
    if len(found) < 2:
        fail("expected a build stage and a runtime stage")
    (build_base, build), (run_base, runtime) = found[0], found[-1]
    for base in (build_base, run_base):
        if not base.startswith("debian:12"):
            fail("stage base %s is not Debian 12" % base)

    # 1. package names
    run_packages = apt_packages(runtime)
    build_packages = apt_packages(build)
    if not run_packages or not build_packages:
        fail("no apt-get install in a stage")
    setup = open(setup_sh).read()
    db = package_db()
    for p in run_packages:
        if not db.get(p, (False,))[0]:
            fail("runtime package %s is not installed here (not a Debian 12 package, or misspelt)" % p)
    for p in build_packages:
        if not re.search(r"(^|\s)" + re.escape(p) + r"(\s|$)", setup):
            fail("build package %s is not in scripts/setup.sh (CI would not prove it exists)" % p)

    # 2. every linked library is provided
    provided = closure(db, run_packages) | closure(db, [p for p, (_, _, base) in db.items() if base])
    ldd = subprocess.run(["ldd", scanshare], capture_output=True, text=True, check=True).stdout
    libraries = [m.group(1) for m in re.finditer(r"=> (/\S+)", ldd)]
    if len(libraries) < 10:
        fail("ldd found only %d libraries: is %s the dynamic build?" % (len(libraries), scanshare))
    missing = []
    owned = owners(libraries)
    for library in libraries:
        package = owned.get(library)
        if package is None:
            fail("no Debian package owns %s (a library built by hand cannot be in the image)" % library)
        if package not in provided:
            missing.append("%s (%s)" % (library, package))
    if missing:
        fail("the runtime stage lacks: " + ", ".join(missing))

    # 3. what is copied
    for line in build + runtime:
        if line.upper().startswith(("COPY ", "ADD ")):
            words = [w for w in line.split()[1:] if not w.startswith("--")]
            sources = words[:-1]
            if "." in sources or "./" in sources:
                fail("'%s' copies the whole checkout (build outputs, any key file)" % line)
            if any(s.endswith(".key") or "key" in os.path.basename(s).lower() for s in sources):
                fail("'%s' copies a key into the image" % line)
    # 4. user and entry point
    user = next((l.split()[1] for l in runtime if l.upper().startswith("USER ")), None)
    job = yaml.safe_load(open(manifest))
    run_as = job["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
    if user is None or user.split(":")[0] != str(run_as):
        fail("image USER %s is not the Job's runAsUser %s" % (user, run_as))
    entry = next((l for l in runtime if l.upper().startswith("ENTRYPOINT")), "")
    if "scanshare" not in entry:
        fail("the entry point is not scanshare")
    print("runtime stage: %d packages provide all %d libraries scanshare links; build stage: %d packages, all in setup.sh; "
          "no key or checkout copied; USER %s = Job runAsUser" % (len(run_packages), len(libraries), len(build_packages), user))
    print("PASS")


if __name__ == "__main__":
    main()
