#!/usr/bin/env python3
"""Policy checks on the GitHub Actions workflows that actionlint cannot know (it checks syntax,
expressions and the shell of each step, not what the pipeline means). Each rule is a defect the
workflows once had.

  check-workflows.py [workflow dir]        (default: .github/workflows)

Prints every violation as <file>: <job>: <rule>; exits 1 when there is any.
"""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Scripts whose first run needs the provisioning (.ci/provision): promtool, etcd, the Go-built tools.
NEEDS_PROVISION = re.compile(r"deploy:test|deploy/scripts/validate\.sh|deploy/test/rehearse\.sh|npm test")
# The deploy workflows call scripts and nothing else (the rehearsal runs the same scripts).
SCRIPT_ONLY = {"cd.yml", "deploy.yml"}
# The Dockerfiles the release builds; their base images are the ARGs named *_IMAGE before the first FROM.
DOCKERFILES = ("Dockerfile", "tools/Dockerfile")
# The dependency audit CI runs, and its threshold (README, "Continuous integration"): a known
# vulnerability of high or critical severity in any dependency fails the run.
AUDIT = re.compile(r"\bnpm audit\b[^\n]*--audit-level[= ](high|moderate|low)\b")


def chart_apps():
    with open(os.path.join(ROOT, "deploy/helm/shop/values.yaml")) as f:
        return sorted(yaml.safe_load(f)["apps"])


def base_image_args():
    args = set()
    for dockerfile in DOCKERFILES:
        with open(os.path.join(ROOT, dockerfile)) as f:
            head = re.split(r"^FROM\s", f.read(), maxsplit=1, flags=re.M)[0]
        args |= set(re.findall(r"^ARG\s+([A-Z][A-Z0-9_]*_IMAGE)\b", head, re.M))
    return sorted(args)


def dockerfile_problems():
    """Every FROM of the release's Dockerfiles names a base-image ARG or an earlier stage: a literal
    image there would escape the digests the release workflow pins."""
    problems = []
    for dockerfile in DOCKERFILES:
        with open(os.path.join(ROOT, dockerfile)) as f:
            text = f.read()
        stages = set()
        for image, stage in re.findall(r"^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", text, re.M | re.I):
            arg = re.fullmatch(r"\$\{?([A-Z][A-Z0-9_]*_IMAGE)\}?", image)
            if not (arg or image in stages):
                problems.append(f"{dockerfile}: FROM {image}: not a base-image ARG, so the release cannot pin it by digest")
            if stage:
                stages.add(stage)
    return problems


def unpinned_bases(build_args, outputs_of_digest_jobs):
    """The base-image ARGs a build does not set from the digest-resolving job's outputs."""
    missing = []
    for arg in base_image_args():
        m = re.search(rf"{arg}=\$\{{\{{\s*needs\.([\w-]+)\.outputs\.[\w-]+\s*\}}\}}", build_args)
        if not m or m.group(1) not in outputs_of_digest_jobs:
            missing.append(arg)
    return missing


def job_permissions(workflow, job):
    perms = job.get("permissions", workflow.get("permissions", {}))
    return perms if isinstance(perms, dict) else {}


def steps_of(job):
    return [s for s in job.get("steps", []) if isinstance(s, dict)]


def check(path):
    name = os.path.basename(path)
    with open(path) as f:
        text = f.read()
    workflow = yaml.safe_load(text)
    problems = []

    def bad(job, rule):
        problems.append(f"{name}: {job}: {rule}")

    if "--reuse-values" in text:
        bad("*", "helm --reuse-values keeps the old release's values and drops the new chart's defaults")
    if "port-forward" in text:
        bad("*", "port-forward from a runner: the deployer account may not reach other namespaces, and it fails silently")
    if re.search(r"ghcr\.io/\$\{\{\s*github\.repository_owner", text):
        bad("*", "image names from github.repository_owner as is: owners may have capitals (deploy/scripts/image-repository.sh)")

    for job_id, job in (workflow.get("jobs") or {}).items():
        steps = steps_of(job)
        uses = [s.get("uses", "") for s in steps]
        if any(u.startswith("nrwl/nx-set-shas") for u in uses) and job_permissions(workflow, job).get("actions") not in ("read", "write"):
            bad(job_id, "nrwl/nx-set-shas needs `actions: read` (it lists the workflow's runs)")
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        for key, value in matrix.items() if isinstance(matrix, dict) else []:
            m = re.search(r"fromJSON\((needs\.[\w-]+\.outputs\.[\w-]+)\)", str(value))
            if m and not re.search(re.escape(m.group(1)) + r"\s*!=\s*'\[\]'", str(job.get("if", ""))):
                bad(job_id, f"matrix {key} from {m.group(1)} without `if: {m.group(1)} != '[]'`: an empty list fails the run")
        runs = [s.get("run", "") for s in steps]
        for i, run in enumerate(runs):
            if NEEDS_PROVISION.search(run or "") and not any(".ci/provision" in (r or "") or ".ci/run" in (r or "") for r in runs[: i + 1]):
                bad(job_id, "runs the deploy checks without .ci/provision first (promtool, etcd, the Go-built tools)")
        if name in SCRIPT_ONLY:
            for run in runs:
                if run and len(run.strip().splitlines()) > 1:
                    bad(job_id, f"inline logic in a deploy workflow (call a script instead): {run.strip().splitlines()[0]} ...")
    if name == "ci.yml" and not AUDIT.search(text):
        bad("*", "no `npm audit --audit-level=high` (or lower): known vulnerable dependencies would pass unnoticed")
    if name == "cd.yml":
        jobs = workflow.get("jobs") or {}
        # Base images by digest: every build passes each base-image ARG from a job that resolved it.
        digest_jobs = {j for j, job in jobs.items()
                       if any("base-image-digests.sh" in (s.get("run") or "") for s in steps_of(job))}
        for job_id, job in jobs.items():
            for s in steps_of(job):
                if s.get("uses", "").startswith("docker/build-push-action"):
                    args = str((s.get("with") or {}).get("build-args", ""))
                elif re.search(r"\bdocker\s+(buildx\s+)?build\b", s.get("run") or ""):
                    args = s["run"]
                else:
                    continue
                missing = unpinned_bases(args, digest_jobs)
                if missing:
                    bad(job_id, f"builds an image without {', '.join(missing)} pinned by digest (deploy/scripts/base-image-digests.sh)")
        images = ((jobs.get("images") or {}).get("strategy") or {}).get("matrix", {}).get("image", [])
        missing = [a for a in chart_apps() + ["loadgen", "deploy-gate"] if a not in (images if isinstance(images, list) else [])]
        if missing:
            bad("images", f"every deploy sets one tag for every image, but these are not built: {', '.join(missing)}")
        production = jobs.get("production") or {}
        needs = production.get("needs", [])
        if "staging" not in ([needs] if isinstance(needs, str) else needs):
            bad("production", "production must need staging")
    if name == "deploy.yml":
        for job_id, job in (workflow.get("jobs") or {}).items():
            if not job.get("environment"):
                bad(job_id, "a deploy job needs its environment (secrets, required reviewers)")
    return problems


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".github/workflows")
    problems = []
    for entry in sorted(os.listdir(directory)):
        if entry.endswith((".yml", ".yaml")):
            problems += check(os.path.join(directory, entry))
    if len(sys.argv) < 2:
        problems += dockerfile_problems()
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"check-workflows: {directory}: every policy holds")


if __name__ == "__main__":
    main()
