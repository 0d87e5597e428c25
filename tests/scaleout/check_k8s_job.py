#!/usr/bin/env python3
"""Checks deploy/kubernetes/anonymize-indexed-job.yaml without a cluster (ctest ScaleOut.KubernetesJob).

No Kubernetes runs on ScanShare's machines, so this is what stands in for a run:
1. the Job fields the deployment relies on, read with PyYAML (Debian python3-yaml): batch/v1 Job,
   completionMode Indexed, completions == parallelism == SCANSHARE_SHARDS, restartPolicy Never,
   every volumeMount backed by a volume, the data volume a PersistentVolumeClaim, the key a
   read-only Secret mount outside the data volume, and the command using JOB_COMPLETION_INDEX;
2. the container's shell command itself, run here once per index with JOB_COMPLETION_INDEX set as
   Kubernetes sets it and the mount paths mapped to scratch folders: the union of the shards must
   equal a single run byte for byte, and a second run of an index must say "already done".
It does not prove the manifest is accepted by an API server (no schema validation against a cluster).

usage: check_k8s_job.py MANIFEST SCANSHARE MAKE_SAMPLE
"""
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def check_fields(job):
    expect(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job", "not a batch/v1 Job")
    spec = job["spec"]
    expect(spec.get("completionMode") == "Indexed", "completionMode is not Indexed (no JOB_COMPLETION_INDEX then)")
    completions = spec.get("completions")
    expect(isinstance(completions, int) and completions >= 1, "completions must be a positive integer")
    expect(spec.get("parallelism", completions) <= completions, "parallelism above completions")
    pod = spec["template"]["spec"]
    expect(pod.get("restartPolicy") in ("Never", "OnFailure"), "a Job's pods need restartPolicy Never or OnFailure")
    containers = pod["containers"]
    expect(len(containers) == 1, "exactly one container expected")
    container = containers[0]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    expect(env.get("SCANSHARE_SHARDS") == str(completions),
           "SCANSHARE_SHARDS (%s) must equal completions (%d)" % (env.get("SCANSHARE_SHARDS"), completions))
    script = "\n".join(container.get("command", [])[2:] + container.get("args", []))
    expect("JOB_COMPLETION_INDEX" in script and "--shard" in script, "the command does not pass JOB_COMPLETION_INDEX to --shard")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["name"]: m for m in container.get("volumeMounts", [])}
    for name in mounts:
        expect(name in volumes, "volumeMount %s has no volume" % name)
    data = [m for m in mounts.values() if "persistentVolumeClaim" in volumes[m["name"]]]
    keys = [m for m in mounts.values() if "secret" in volumes[m["name"]]]
    expect(len(data) == 1, "exactly one PersistentVolumeClaim mount (input and output) expected")
    expect(len(keys) == 1 and keys[0].get("readOnly") is True, "the key must come from a read-only Secret mount")
    expect(not keys[0]["mountPath"].startswith(data[0]["mountPath"].rstrip("/") + "/"), "the key is mounted inside the data volume")
    expect("--key " + keys[0]["mountPath"] in script, "--key does not read the Secret mount")
    return completions, script, data[0]["mountPath"], keys[0]["mountPath"]


def tree_sums(folder):
    sums = {}
    for path in sorted(pathlib.Path(folder).rglob("*")):
        if path.is_file():
            sums[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def run_pods(completions, script, data_mount, key_mount, scanshare, make_sample):
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="scanshare-k8s-"))
    try:
        data, keydir, bindir = scratch / "data", scratch / "key", scratch / "bin"
        for d in (data, keydir, bindir):
            d.mkdir()
        subprocess.run([make_sample, "--variant", "demo", "--out", str(data / "in" / "demo")], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([make_sample, "--variant", "multi-charset", "--out", str(data / "in" / "mc")], check=True, stdout=subprocess.DEVNULL)
        (keydir / "key").write_bytes(os.urandom(32))
        os.chmod(keydir / "key", 0o600)
        (bindir / "scanshare").symlink_to(scanshare)  # the image has scanshare on PATH
        # The mounts, as the pod sees them, mapped to scratch folders.
        local = script
        for mount, folder in ((key_mount, keydir), (data_mount, data)):  # whole path components only
            local = re.sub(r"(?<![\w/.-])" + re.escape(mount.rstrip("/")) + r"(?=/|\s|$)", str(folder), local)
        env = dict(os.environ, PATH=str(bindir) + ":" + os.environ["PATH"], SCANSHARE_SHARDS=str(completions))
        for index in range(completions):
            done = subprocess.run(["/bin/sh", "-c", local], env=dict(env, JOB_COMPLETION_INDEX=str(index)),
                                  capture_output=True, text=True)
            expect(done.returncode == 0, "pod %d exited %d: %s" % (index, done.returncode, done.stderr.strip()))
        again = subprocess.run(["/bin/sh", "-c", local], env=dict(env, JOB_COMPLETION_INDEX="1"), capture_output=True, text=True)
        expect("shard 1 of %d already done" % completions in again.stdout, "a retried pod redid its shard: " + again.stdout)
        single = subprocess.run([scanshare, "anonymize", str(data / "in"), "-o", str(scratch / "single"),
                                 "--key", str(keydir / "key")], capture_output=True, text=True)
        expect(single.returncode <= 1, "single run exited %d: %s" % (single.returncode, single.stderr))
        union = {}
        for index in range(completions):
            shard = data / "out" / ("shard-%d-of-%d" % (index, completions))
            if (shard / "DICOM").is_dir():
                for name, digest in tree_sums(shard / "DICOM").items():
                    expect(name not in union, "%s is in two shards" % name)
                    union[name] = digest
        reference = tree_sums(scratch / "single" / "DICOM")
        expect(union == reference, "the union of the pods' shards differs from a single run (%d vs %d files)" % (len(union), len(reference)))
        print("pods: %d shards, union == single run byte for byte (%d files); a retried pod says already done" % (completions, len(union)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    if len(sys.argv) != 4:
        fail(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1]) as f:
        job = yaml.safe_load(f)
    completions, script, data_mount, key_mount = check_fields(job)
    print("fields: batch/v1 Job, Indexed, %d completions, volumes and the key Secret as relied on" % completions)
    run_pods(completions, script, data_mount, key_mount, sys.argv[2], sys.argv[3])
    print("PASS")


if __name__ == "__main__":
    main()
